-- The synthetic city's seed of this database, written in the seed's own transaction (#14 item 6): rows
-- and no seed_run row mean a database an earlier release seeded (possibly interrupted, half written) or
-- one filled otherwise; `gridshare start` checks such a database before serving it (runner/system/seed-check.ts).
CREATE TABLE "seed_run" (
    "id" SERIAL NOT NULL,
    "scale" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "rows" BIGINT NOT NULL,
    "completed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- True: a city an earlier release seeded, found complete at start and recorded then.
    "adopted" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "seed_run_pkey" PRIMARY KEY ("id")
);
