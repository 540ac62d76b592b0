-- Grid workers' collected base-data changes, from the owners' change feeds, for the grid-work assessment (#17).
CREATE TABLE "collection_credit" (
    "owner" TEXT NOT NULL,
    "change_request_id" TEXT NOT NULL,
    "collected_by" TEXT NOT NULL,
    "grid_code" TEXT NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "collection_credit_pkey" PRIMARY KEY ("owner", "change_request_id")
);

CREATE INDEX "collection_credit_applied_at_idx" ON "collection_credit"("applied_at");
