-- Several gateways on one trail (#14 item 1): the chain head lives here, one row, locked and advanced
-- by every group commit in its own transaction. The row lock orders the writers (whichever gateway
-- commits next chains onto what the last one committed), so the chain cannot fork, and the last
-- checkpoint's position tells each writer when the next checkpoint is due, whoever wrote the last one.
CREATE TABLE "audit_head" (
    "id" BOOLEAN NOT NULL DEFAULT true,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3),
    "checkpoint_seq" BIGINT NOT NULL,
    "checkpoint_at" TIMESTAMPTZ(3),

    CONSTRAINT "audit_head_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "audit_head_one_row" CHECK ("id")
);

-- The head of the trail as it stands: its last record (or, when retention removed every record, the
-- checkpoint that anchors what was removed), and its last checkpoint.
INSERT INTO "audit_head" ("id", "seq", "hash", "at", "checkpoint_seq", "checkpoint_at")
SELECT true,
       COALESCE(r.seq, c.seq, 0),
       COALESCE(r.hash, c.hash, repeat('0', 64)),
       COALESCE(r.at, c.at),
       COALESCE(c.seq, 0),
       c.at
  FROM (SELECT 1) AS one
  LEFT JOIN (SELECT seq, hash, at FROM "audit_record" ORDER BY seq DESC LIMIT 1) AS r ON true
  LEFT JOIN (SELECT seq, hash, at FROM "audit_checkpoint" ORDER BY seq DESC LIMIT 1) AS c ON true;
