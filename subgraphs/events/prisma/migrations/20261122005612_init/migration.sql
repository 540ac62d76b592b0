-- CreateEnum
CREATE TYPE "EventChannel" AS ENUM ('GRID_WORKER', 'HOTLINE_12345', 'WECHAT', 'NON_EMERGENCY_110', 'VIDEO_PATROL');

-- CreateEnum
CREATE TYPE "EventStatus" AS ENUM ('REPORTED', 'REGISTERED', 'REJECTED', 'DISPATCHED', 'ACCEPTED', 'EXTENSION_REQUESTED', 'RETURNED', 'HANDLED', 'CLOSED', 'EVALUATED');

-- CreateEnum
CREATE TYPE "EventAction" AS ENUM ('REPORT', 'REGISTER', 'REJECT', 'DISPATCH', 'ACCEPT', 'RETURN', 'REQUEST_EXTENSION', 'DECIDE_EXTENSION', 'SUBMIT_HANDLING', 'VERIFY', 'EVALUATE');

-- CreateTable
CREATE TABLE "event" (
    "id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "channel" "EventChannel" NOT NULL,
    "category_code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "reporter_user" TEXT NOT NULL,
    "reporter_department" TEXT NOT NULL,
    "idempotency_key" TEXT,
    "request_hash" TEXT,
    "contact_name" TEXT,
    "contact_phone" TEXT,
    "grid_code" TEXT NOT NULL,
    "address_code" TEXT,
    "involved_person_ids" TEXT[],
    "involved_house_codes" TEXT[],
    "involved_entity_usccs" TEXT[],
    "status" "EventStatus" NOT NULL,
    "reported_at" TIMESTAMPTZ(3) NOT NULL,
    "registered_at" TIMESTAMPTZ(3),
    "rejection_reason" TEXT,
    "duplicate_of_id" TEXT,
    "department" TEXT,
    "dispatch_count" INTEGER NOT NULL DEFAULT 0,
    "return_count" INTEGER NOT NULL DEFAULT 0,
    "returned_departments" TEXT[],
    "dispatched_at" TIMESTAMPTZ(3),
    "contact_deadline" TIMESTAMPTZ(3),
    "contact_warn_at" TIMESTAMPTZ(3),
    "handle_deadline" TIMESTAMPTZ(3),
    "handle_warn_at" TIMESTAMPTZ(3),
    "extension_days" INTEGER NOT NULL DEFAULT 0,
    "pending_extension_days" INTEGER,
    "pending_extension_note" TEXT,
    "accepted_at" TIMESTAMPTZ(3),
    "handled_at" TIMESTAMPTZ(3),
    "handled_late" BOOLEAN,
    "handling_result" TEXT,
    "attachments" TEXT[],
    "closed_at" TIMESTAMPTZ(3),
    "evaluated_at" TIMESTAMPTZ(3),
    "satisfaction" INTEGER,
    "evaluation_comment" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_transition" (
    "event_id" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "action" "EventAction" NOT NULL,
    "from_status" "EventStatus",
    "to_status" "EventStatus" NOT NULL,
    "actor_user" TEXT NOT NULL,
    "actor_department" TEXT NOT NULL,
    "actor_role" TEXT,
    "department" TEXT,
    "note" TEXT,
    "details" JSONB,

    CONSTRAINT "event_transition_pkey" PRIMARY KEY ("event_id","sequence")
);

-- CreateTable
CREATE TABLE "event_dispatch" (
    "event_id" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "department" TEXT NOT NULL,
    "dispatched_at" TIMESTAMPTZ(3) NOT NULL,
    "dispatched_by" TEXT NOT NULL,
    "override" BOOLEAN NOT NULL,
    "contact_deadline" TIMESTAMPTZ(3) NOT NULL,
    "handle_deadline" TIMESTAMPTZ(3) NOT NULL,
    "extension_days" INTEGER NOT NULL DEFAULT 0,
    "accepted_at" TIMESTAMPTZ(3),
    "returned_at" TIMESTAMPTZ(3),
    "return_reason" TEXT,
    "handled_at" TIMESTAMPTZ(3),
    "handled_late" BOOLEAN,

    CONSTRAINT "event_dispatch_pkey" PRIMARY KEY ("event_id","sequence")
);

-- CreateTable
CREATE TABLE "event_day_counter" (
    "day" TEXT NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "event_day_counter_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "grid_reference" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "parent_code" TEXT,

    CONSTRAINT "grid_reference_pkey" PRIMARY KEY ("code")
);

-- CreateIndex
CREATE INDEX "event_grid_code_id_idx" ON "event"("grid_code", "id");

-- CreateIndex
CREATE INDEX "event_department_status_idx" ON "event"("department", "status");

-- CreateIndex
CREATE INDEX "event_status_handle_deadline_idx" ON "event"("status", "handle_deadline");

-- CreateIndex
CREATE INDEX "event_registered_at_idx" ON "event"("registered_at");

-- CreateIndex
CREATE INDEX "event_involved_house_codes_idx" ON "event" USING GIN ("involved_house_codes");

-- CreateIndex
CREATE INDEX "event_involved_entity_usccs_idx" ON "event" USING GIN ("involved_entity_usccs");

-- CreateIndex
CREATE UNIQUE INDEX "event_reporter_department_reporter_user_idempotency_key_key" ON "event"("reporter_department", "reporter_user", "idempotency_key");

-- CreateIndex
CREATE INDEX "event_dispatch_dispatched_at_idx" ON "event_dispatch"("dispatched_at");

-- CreateIndex
CREATE INDEX "event_dispatch_department_dispatched_at_idx" ON "event_dispatch"("department", "dispatched_at");

-- AddForeignKey
ALTER TABLE "event_transition" ADD CONSTRAINT "event_transition_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_dispatch" ADD CONSTRAINT "event_dispatch_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
