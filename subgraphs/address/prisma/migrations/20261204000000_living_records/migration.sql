-- Living base data (#12): grids and standard addresses are versioned; an address is retired rather
-- than deleted (records elsewhere still point at it), and only active addresses are matched.
CREATE TYPE "AddressStatus" AS ENUM ('ACTIVE', 'RETIRED');

ALTER TABLE "grid" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "address" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN "status" "AddressStatus" NOT NULL DEFAULT 'ACTIVE',
    ADD COLUMN "retired_on" DATE;

-- What the address index (subgraphs/kit/src/address-matching) reads: a retired address is matched
-- no more. The trigger on "address" moves address_version on every change, status included, so the
-- index rebuilds from this view on the next search.
CREATE VIEW "active_address" AS SELECT * FROM "address" WHERE "status" = 'ACTIVE';

-- Shared by every base-data owner (subgraphs/kit/src/records): history, change feed, idempotency keys,
-- change requests (none are collected for addresses yet; the change feed reads the table to say who
-- collected a change, so every owner has it).
CREATE TABLE "record_version" (
    "entity_type" TEXT NOT NULL,
    "entity_key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "change_kind" TEXT NOT NULL,
    "changed_fields" TEXT[] NOT NULL,
    "before" JSONB,
    "after" JSONB NOT NULL,
    "effective_on" DATE NOT NULL,
    "recorded_at" TIMESTAMPTZ NOT NULL,
    "source" TEXT NOT NULL,
    "actor_department" TEXT NOT NULL,
    "actor_user" TEXT NOT NULL,
    "change_request_id" TEXT,
    "reason" TEXT,
    CONSTRAINT "record_version_pkey" PRIMARY KEY ("entity_type", "entity_key", "version")
);

CREATE TABLE "change_outbox" (
    "seq" BIGSERIAL NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "change_kind" TEXT NOT NULL,
    "changed_fields" TEXT[] NOT NULL,
    "grid_code" TEXT NOT NULL,
    "occurred_at" DATE NOT NULL,
    "recorded_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "change_outbox_pkey" PRIMARY KEY ("seq")
);

CREATE TABLE "write_idempotency" (
    "department" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "payload_digest" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "write_idempotency_pkey" PRIMARY KEY ("department", "user_id", "idempotency_key")
);

CREATE SEQUENCE "change_request_number";

CREATE TABLE "change_request" (
    "id" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_key" TEXT,
    "payload" JSONB NOT NULL,
    "changed_fields" TEXT[] NOT NULL,
    "observed_at" TIMESTAMPTZ NOT NULL,
    "note" TEXT,
    "grid_code" TEXT NOT NULL,
    "submitted_by_department" TEXT NOT NULL,
    "submitted_by_user" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ NOT NULL,
    "also_submitted_by" JSONB NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL,
    "review_deadline" TIMESTAMPTZ NOT NULL,
    "review_warn_at" TIMESTAMPTZ NOT NULL,
    "reviewer_department" TEXT,
    "reviewer_user" TEXT,
    "decided_at" TIMESTAMPTZ,
    "reason" TEXT,
    "applied_version" INTEGER,
    "fingerprint" TEXT NOT NULL,
    "merged_count" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "change_request_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "change_request_status_submitted_at_idx" ON "change_request"("status", "submitted_at", "id");
CREATE INDEX "change_request_fingerprint_idx" ON "change_request"("fingerprint", "status");
CREATE INDEX "change_request_submitted_by_idx" ON "change_request"("submitted_by_department", "submitted_by_user", "submitted_at");
