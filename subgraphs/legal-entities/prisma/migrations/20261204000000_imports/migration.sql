-- Imports (#13): which records an import has already met, and what its first row about each said,
-- so that a later row of the same file (another page) saying something else goes to review instead
-- of overwriting the first, and a re-import of a contradictory file stays unchanged.
CREATE TABLE "import_seen" (
    "import_id" TEXT NOT NULL,
    -- A keyed digest of the record's identity (an ID number, a house code, a credit code), never the value.
    "subject" TEXT NOT NULL,
    "first_row" INTEGER NOT NULL,
    "content_digest" TEXT NOT NULL,
    "seen_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "import_seen_pkey" PRIMARY KEY ("import_id", "subject")
);
