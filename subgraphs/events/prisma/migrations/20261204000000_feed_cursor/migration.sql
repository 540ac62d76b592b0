-- The feed follower (src/feeds): how far it has read each owner's change feed, and what the feeds
-- say of the keys it keeps. A row's version is the owner's record version the copy reflects (null:
-- from the seed), so that an older change read again never undoes a newer one.
CREATE TABLE "feed_cursor" (
    "feed" TEXT NOT NULL,
    "cursor" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "feed_cursor_pkey" PRIMARY KEY ("feed")
);

ALTER TABLE "person_reference" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'ACTIVE';
ALTER TABLE "person_reference" ADD COLUMN "version" INTEGER;
-- A person registered through the feed has no grid here: where a person lives is a particular the
-- follower does not read (the events subgraph never used a person's grid).
ALTER TABLE "person_reference" ALTER COLUMN "grid_code" DROP NOT NULL;

ALTER TABLE "entity_reference" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'ACTIVE';
ALTER TABLE "entity_reference" ADD COLUMN "version" INTEGER;

ALTER TABLE "grid_reference" ADD COLUMN "version" INTEGER;
ALTER TABLE "address_reference" ADD COLUMN "version" INTEGER;
