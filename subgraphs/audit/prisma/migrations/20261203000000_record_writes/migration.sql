-- Writes of base data (#12) are recorded like reads: the coordinates a write changed, keyed digests
-- of the changed values before and after (never the values), and the change request it applied.
ALTER TABLE "audit_access" ADD COLUMN "written" TEXT[],
    ADD COLUMN "before_digest" TEXT,
    ADD COLUMN "after_digest" TEXT,
    ADD COLUMN "change_request_id" TEXT;
