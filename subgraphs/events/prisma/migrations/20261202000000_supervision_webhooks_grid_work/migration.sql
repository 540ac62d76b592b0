-- CreateEnum
CREATE TYPE "CommandLevel" AS ENUM ('CITY', 'TOWN', 'COMMUNITY');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "EventAction" ADD VALUE 'DIRECT_ANSWER';
ALTER TYPE "EventAction" ADD VALUE 'HAND_UP';
ALTER TYPE "EventAction" ADD VALUE 'HAND_DOWN';
ALTER TYPE "EventAction" ADD VALUE 'SUPERVISE';
ALTER TYPE "EventAction" ADD VALUE 'RESPOND_SUPERVISION';
ALTER TYPE "EventAction" ADD VALUE 'REPORT_PROGRESS';
ALTER TYPE "EventAction" ADD VALUE 'SUBMIT_CO_HANDLING';

-- AlterTable
ALTER TABLE "event" ADD COLUMN     "answered_directly" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "co_handler_departments" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "co_handlers_pending" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "command_deadline" TIMESTAMPTZ(3),
ADD COLUMN     "command_level" "CommandLevel" NOT NULL DEFAULT 'CITY',
ADD COLUMN     "command_warn_at" TIMESTAMPTZ(3),
ADD COLUMN     "escalation_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "next_sweep_at" TIMESTAMPTZ(3),
ADD COLUMN     "progress_deadline" TIMESTAMPTZ(3),
ADD COLUMN     "progress_reported_at" TIMESTAMPTZ(3),
ADD COLUMN     "redo_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "supervision_due_at" TIMESTAMPTZ(3),
ADD COLUMN     "supervision_level" INTEGER,
ADD COLUMN     "supervision_open_levels" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "verify_deadline" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "event_dispatch" ADD COLUMN     "reopened_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "event_supervision" (
    "id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "stage" TEXT NOT NULL,
    "rule_key" TEXT,
    "department" TEXT NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3),
    "raised_by_user" TEXT NOT NULL,
    "raised_by_department" TEXT NOT NULL,
    "note" TEXT,
    "response_deadline" TIMESTAMPTZ(3) NOT NULL,
    "responded_at" TIMESTAMPTZ(3),
    "responded_by" TEXT,
    "response" TEXT,

    CONSTRAINT "event_supervision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_co_handler" (
    "event_id" TEXT NOT NULL,
    "dispatch_sequence" INTEGER NOT NULL,
    "department" TEXT NOT NULL,
    "part" TEXT NOT NULL,
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "warn_at" TIMESTAMPTZ(3) NOT NULL,
    "submitted_at" TIMESTAMPTZ(3),
    "submitted_by" TEXT,
    "result" TEXT,
    "late" BOOLEAN,
    "cancelled_at" TIMESTAMPTZ(3),

    CONSTRAINT "event_co_handler_pkey" PRIMARY KEY ("event_id","dispatch_sequence","department")
);

-- CreateTable
CREATE TABLE "event_alert" (
    "event_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "event_alert_pkey" PRIMARY KEY ("event_id","key")
);

-- CreateTable
CREATE TABLE "webhook_subscription" (
    "id" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "grid_prefixes" TEXT[],
    "url" TEXT NOT NULL,
    "topics" TEXT[],
    "secret" TEXT NOT NULL,
    "description" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "webhook_subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_delivery" (
    "id" TEXT NOT NULL,
    "subscription_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "locked_until" TIMESTAMPTZ(3),
    "locked_by" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "replays" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "webhook_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_attempt" (
    "delivery_id" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "status_code" INTEGER,
    "error" TEXT,
    "duration_ms" INTEGER NOT NULL,

    CONSTRAINT "webhook_attempt_pkey" PRIMARY KEY ("delivery_id","attempt")
);

-- CreateTable
CREATE TABLE "grid_worker_assignment" (
    "id" TEXT NOT NULL,
    "grid_code" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "duty" TEXT NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,
    "until" TIMESTAMPTZ(3),
    "assigned_by" TEXT NOT NULL,

    CONSTRAINT "grid_worker_assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "business_grid" (
    "code" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "defined_at" TIMESTAMPTZ(3) NOT NULL,
    "defined_by" TEXT NOT NULL,

    CONSTRAINT "business_grid_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "business_grid_member" (
    "business_grid_code" TEXT NOT NULL,
    "grid_code" TEXT NOT NULL,

    CONSTRAINT "business_grid_member_pkey" PRIMARY KEY ("business_grid_code","grid_code")
);

-- CreateIndex
CREATE INDEX "event_supervision_event_id_stage_idx" ON "event_supervision"("event_id", "stage");

-- CreateIndex
CREATE UNIQUE INDEX "event_supervision_event_id_rule_key_key" ON "event_supervision"("event_id", "rule_key");

-- CreateIndex
CREATE INDEX "webhook_subscription_department_active_idx" ON "webhook_subscription"("department", "active");

-- CreateIndex
CREATE INDEX "webhook_delivery_status_next_attempt_at_idx" ON "webhook_delivery"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "webhook_delivery_subscription_id_created_at_idx" ON "webhook_delivery"("subscription_id", "created_at");

-- CreateIndex
CREATE INDEX "grid_worker_assignment_grid_code_idx" ON "grid_worker_assignment"("grid_code");

-- CreateIndex
CREATE INDEX "grid_worker_assignment_user_idx" ON "grid_worker_assignment"("user");

-- CreateIndex
CREATE INDEX "business_grid_department_idx" ON "business_grid"("department");

-- CreateIndex
CREATE INDEX "business_grid_member_grid_code_idx" ON "business_grid_member"("grid_code");

-- CreateIndex
CREATE INDEX "event_next_sweep_at_idx" ON "event"("next_sweep_at");

-- CreateIndex
CREATE INDEX "event_category_code_address_code_reported_at_idx" ON "event"("category_code", "address_code", "reported_at");

-- AddForeignKey
ALTER TABLE "event_supervision" ADD CONSTRAINT "event_supervision_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_co_handler" ADD CONSTRAINT "event_co_handler_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_alert" ADD CONSTRAINT "event_alert_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscription"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_attempt" ADD CONSTRAINT "webhook_attempt_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "webhook_delivery"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "business_grid_member" ADD CONSTRAINT "business_grid_member_business_grid_code_fkey" FOREIGN KEY ("business_grid_code") REFERENCES "business_grid"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
