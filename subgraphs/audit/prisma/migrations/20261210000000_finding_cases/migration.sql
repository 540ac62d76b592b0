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

-- New findings of chosen kinds, notified by signed webhooks through an outbox (one notice per
-- subscription and finding: a finding is announced once).
CREATE TABLE "finding_subscription" (
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "kinds" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "finding_subscription_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "finding_notice" (
    "id" TEXT NOT NULL,
    "subscription_id" TEXT NOT NULL,
    "finding_id" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "delivered_at" TIMESTAMPTZ(3),
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "locked_until" TIMESTAMPTZ(3),
    "locked_by" TEXT,

    CONSTRAINT "finding_notice_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "finding_notice_subscription_id_finding_id_key" ON "finding_notice"("subscription_id", "finding_id");
CREATE INDEX "finding_notice_status_next_attempt_at_idx" ON "finding_notice"("status", "next_attempt_at");
ALTER TABLE "finding_notice" ADD CONSTRAINT "finding_notice_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "finding_subscription"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
