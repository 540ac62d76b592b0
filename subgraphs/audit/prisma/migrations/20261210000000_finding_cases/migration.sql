-- Findings worked as cases (#19): an auditor acknowledges, assigns, annotates, resolves or refers a
-- finding; the case holds its state, every step its who, when and note.
CREATE TABLE "finding_case" (
    "finding_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "state" TEXT NOT NULL,
    "assignee" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "finding_case_pkey" PRIMARY KEY ("finding_id")
);

CREATE TABLE "finding_step" (
    "id" BIGSERIAL NOT NULL,
    "finding_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "department" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "from_state" TEXT NOT NULL,
    "to_state" TEXT NOT NULL,
    "assignee" TEXT,
    "note" TEXT,

    CONSTRAINT "finding_step_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "finding_case_department_window_start_idx" ON "finding_case"("department", "window_start");
CREATE INDEX "finding_step_finding_id_id_idx" ON "finding_step"("finding_id", "id");
ALTER TABLE "finding_step" ADD CONSTRAINT "finding_step_finding_id_fkey" FOREIGN KEY ("finding_id") REFERENCES "finding_case"("finding_id") ON DELETE RESTRICT ON UPDATE CASCADE;
