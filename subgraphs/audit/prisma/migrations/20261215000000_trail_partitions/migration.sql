-- The trail grows by the month (#14 item 3): audit_record and audit_access become partitioned by
-- month (UTC) of the record's time, so retention drops a month's tables instead of deleting rows.
-- Every row is kept: the old tables are renamed, copied into the partitioned ones, then dropped.
--
-- A partitioned table's unique keys must hold its partition key: the primary key becomes (seq, at).
-- seq is no longer unique on its own here; what keeps the chain from forking is the writer (one
-- chain head advanced under a lock), and verification still checks seq runs 1, 2, 3… without gaps.
-- audit_access carries its record's time (record_at) so that a record and its accesses live in the
-- same month and go together.
ALTER TABLE "audit_access" DROP CONSTRAINT "audit_access_record_seq_fkey";
ALTER TABLE "audit_record" RENAME TO "audit_record_unpartitioned";
ALTER TABLE "audit_access" RENAME TO "audit_access_unpartitioned";

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
    "line" TEXT NOT NULL
) PARTITION BY RANGE ("at");

CREATE TABLE "audit_access" (
    "record_seq" BIGINT NOT NULL,
    "record_at" TIMESTAMPTZ(3) NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_key" TEXT NOT NULL,
    "subject_digest" TEXT,
    "subgraph" TEXT NOT NULL,
    "raw" TEXT[],
    "masked" TEXT[],
    "denied" TEXT[],
    "written" TEXT[],
    "before_digest" TEXT,
    "after_digest" TEXT,
    "change_request_id" TEXT
) PARTITION BY RANGE ("record_at");

-- A record whose month has no partition yet (the upkeep did not run, a clock far off) lands here
-- rather than being refused: nothing is lost, and the upkeep moves it into its month's partition
-- when it creates that (audit-trail/trail-partitions.ts).
CREATE TABLE "audit_record_default" PARTITION OF "audit_record" DEFAULT;
CREATE TABLE "audit_access_default" PARTITION OF "audit_access" DEFAULT;

-- One partition per month the existing trail holds (named audit_record_pYYYYMM, UTC months).
DO $$
DECLARE
  month timestamptz;
BEGIN
  FOR month IN SELECT DISTINCT date_trunc('month', "at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM "audit_record_unpartitioned" LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "audit_record" FOR VALUES FROM (%L) TO (%L)',
      'audit_record_p' || to_char(month AT TIME ZONE 'UTC', 'YYYYMM'), month, month + interval '1 month');
    EXECUTE format('CREATE TABLE %I PARTITION OF "audit_access" FOR VALUES FROM (%L) TO (%L)',
      'audit_access_p' || to_char(month AT TIME ZONE 'UTC', 'YYYYMM'), month, month + interval '1 month');
  END LOOP;
END $$;

INSERT INTO "audit_record" SELECT * FROM "audit_record_unpartitioned";
INSERT INTO "audit_access" ("record_seq", "record_at", "entity_type", "entity_key", "subject_digest", "subgraph", "raw", "masked", "denied",
    "written", "before_digest", "after_digest", "change_request_id")
  SELECT a."record_seq", r."at", a."entity_type", a."entity_key", a."subject_digest", a."subgraph", a."raw", a."masked", a."denied",
    a."written", a."before_digest", a."after_digest", a."change_request_id"
  FROM "audit_access_unpartitioned" a JOIN "audit_record_unpartitioned" r ON r."seq" = a."record_seq";

DROP TABLE "audit_access_unpartitioned";
DROP TABLE "audit_record_unpartitioned";

-- Indexes on the parents: each partition gets its own, now and when created or attached later.
-- (seq, at) serves lookups by seq in every partition; hash is no longer unique on its own (it would
-- have to include at), but a hash names its record all the same.
ALTER TABLE "audit_record" ADD CONSTRAINT "audit_record_pkey" PRIMARY KEY ("seq", "at");
CREATE INDEX "audit_record_hash_idx" ON "audit_record"("hash");
CREATE INDEX "audit_record_department_at_idx" ON "audit_record"("department", "at");
CREATE INDEX "audit_record_at_idx" ON "audit_record"("at");
CREATE INDEX "audit_record_request_id_idx" ON "audit_record"("request_id");
CREATE INDEX "audit_record_user_id_at_idx" ON "audit_record"("user_id", "at");
CREATE INDEX "audit_record_purpose_at_idx" ON "audit_record"("purpose", "at");
CREATE INDEX "audit_record_client_name_at_idx" ON "audit_record"("client_name", "at");

ALTER TABLE "audit_access" ADD CONSTRAINT "audit_access_pkey" PRIMARY KEY ("record_seq", "entity_type", "entity_key", "subgraph", "record_at");
CREATE INDEX "audit_access_entity_type_entity_key_record_seq_idx" ON "audit_access"("entity_type", "entity_key", "record_seq" DESC);
CREATE INDEX "audit_access_subject_digest_record_seq_idx" ON "audit_access"("subject_digest", "record_seq" DESC);
ALTER TABLE "audit_access" ADD CONSTRAINT "audit_access_record_seq_record_at_fkey" FOREIGN KEY ("record_seq", "record_at")
  REFERENCES "audit_record"("seq", "at") ON DELETE CASCADE ON UPDATE CASCADE;
