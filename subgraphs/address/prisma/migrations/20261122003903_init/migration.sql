-- CreateEnum
CREATE TYPE "GridLevel" AS ENUM ('CITY', 'TOWN', 'COMMUNITY', 'GRID');

-- CreateTable
CREATE TABLE "grid" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" "GridLevel" NOT NULL,
    "parent_code" TEXT,

    CONSTRAINT "grid_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "address" (
    "code" TEXT NOT NULL,
    "province" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "district" TEXT NOT NULL,
    "town" TEXT NOT NULL,
    "community" TEXT NOT NULL,
    "road" TEXT NOT NULL,
    "door_number" TEXT NOT NULL,
    "full_text" TEXT NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "grid_code" TEXT NOT NULL,

    CONSTRAINT "address_pkey" PRIMARY KEY ("code")
);

-- CreateIndex
CREATE INDEX "grid_parent_code_idx" ON "grid"("parent_code");

-- CreateIndex
CREATE INDEX "address_grid_code_code_idx" ON "address"("grid_code", "code");
