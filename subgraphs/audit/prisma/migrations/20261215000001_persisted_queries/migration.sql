-- Automatic persisted queries shared by every gateway replica (#14 item 1): a client that registered a
-- query on one replica finds it on the next, whichever the load balancer picks. Only documents with
-- no literal that could be a personal value are kept here (gateway/src/persisted-queries.ts).
CREATE TABLE "persisted_query" (
    "hash" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "first_seen" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "persisted_query_pkey" PRIMARY KEY ("hash")
);
