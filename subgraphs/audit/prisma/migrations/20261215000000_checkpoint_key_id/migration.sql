-- Key rotation (#14 item 7): each checkpoint names the key that signed it. Checkpoints made before
-- keep NULL and are checked with the legacy key (platform/key-set.ts).
ALTER TABLE "audit_checkpoint" ADD COLUMN "key_id" TEXT;
