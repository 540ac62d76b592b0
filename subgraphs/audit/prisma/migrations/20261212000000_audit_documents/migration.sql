-- The operation documents auditors read (#19 item 4): one row per document digest, the text with every
-- literal value blanked, so a record says what was asked without holding a value that was asked for.
CREATE TABLE "audit_document" (
    "hash" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "audit_document_pkey" PRIMARY KEY ("hash")
);
