-- CreateTable
CREATE TABLE "quota_usage" (
    "department" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "sensitivity" TEXT NOT NULL,
    "used" INTEGER NOT NULL DEFAULT 0,
    "reserved" INTEGER NOT NULL DEFAULT 0,
    "exceeded_at" TIMESTAMPTZ(3),

    CONSTRAINT "quota_usage_pkey" PRIMARY KEY ("department","day","sensitivity")
);
