-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('OK', 'PARTIAL', 'REJECTED', 'ERROR');

-- CreateTable
CREATE TABLE "audit_record" (
    "seq" BIGINT NOT NULL,
    "request_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "department" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "purpose" TEXT,
    "client_name" TEXT,
    "operation_name" TEXT,
    "operation_type" TEXT,
    "document_hash" TEXT,
    "variables" JSONB,
    "fields_granted" TEXT[],
    "fields_masked" TEXT[],
    "fields_denied" TEXT[],
    "denial_reasons" TEXT[],
    "outcome" "AuditOutcome" NOT NULL,
    "http_status" INTEGER NOT NULL,
    "duration_ms" DOUBLE PRECISION NOT NULL,
    "record_count" INTEGER NOT NULL,
    "sensitive_record_count" INTEGER NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "line" TEXT NOT NULL,

    CONSTRAINT "audit_record_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "audit_access" (
    "record_seq" BIGINT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_key" TEXT NOT NULL,
    "subject_digest" TEXT,
    "subgraph" TEXT NOT NULL,
    "raw" TEXT[],
    "masked" TEXT[],
    "denied" TEXT[],

    CONSTRAINT "audit_access_pkey" PRIMARY KEY ("record_seq","entity_type","entity_key","subgraph")
);

-- CreateTable
CREATE TABLE "audit_checkpoint" (
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "audit_checkpoint_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "department" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "detail" JSONB NOT NULL,
    "record_seq" BIGINT,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_record_hash_key" ON "audit_record"("hash");

-- CreateIndex
CREATE INDEX "audit_record_department_at_idx" ON "audit_record"("department", "at");

-- CreateIndex
CREATE INDEX "audit_record_at_idx" ON "audit_record"("at");

-- CreateIndex
CREATE INDEX "audit_record_request_id_idx" ON "audit_record"("request_id");

-- CreateIndex
CREATE INDEX "audit_record_user_id_at_idx" ON "audit_record"("user_id", "at");

-- CreateIndex
CREATE INDEX "audit_access_subject_digest_idx" ON "audit_access"("subject_digest");

-- CreateIndex
CREATE INDEX "audit_access_entity_type_entity_key_idx" ON "audit_access"("entity_type", "entity_key");

-- CreateIndex
CREATE INDEX "audit_event_department_at_idx" ON "audit_event"("department", "at");

-- AddForeignKey
ALTER TABLE "audit_access" ADD CONSTRAINT "audit_access_record_seq_fkey" FOREIGN KEY ("record_seq") REFERENCES "audit_record"("seq") ON DELETE CASCADE ON UPDATE CASCADE;
