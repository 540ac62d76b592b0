-- CreateEnum
CREATE TYPE "BuildingUse" AS ENUM ('RESIDENTIAL', 'COMMERCIAL', 'INDUSTRIAL', 'MIXED', 'PUBLIC');

-- CreateEnum
CREATE TYPE "HouseUse" AS ENUM ('RESIDENTIAL', 'SHOP', 'FACTORY', 'WAREHOUSE', 'OFFICE', 'MIXED');

-- CreateEnum
CREATE TYPE "Occupancy" AS ENUM ('SELF_OCCUPIED', 'RENTED', 'VACANT');

-- CreateEnum
CREATE TYPE "FireSafetyRating" AS ENUM ('A', 'B', 'C', 'D');

-- CreateTable
CREATE TABLE "building" (
    "code" TEXT NOT NULL,
    "address_code" TEXT NOT NULL,
    "grid_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "use" "BuildingUse" NOT NULL,
    "structure" TEXT NOT NULL,
    "floors" INTEGER NOT NULL,
    "built_year" INTEGER,
    "fire_safety_rating" "FireSafetyRating",

    CONSTRAINT "building_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "house" (
    "code" TEXT NOT NULL,
    "building_code" TEXT NOT NULL,
    "grid_code" TEXT NOT NULL,
    "unit" TEXT,
    "floor" INTEGER NOT NULL,
    "room_number" TEXT NOT NULL,
    "use" "HouseUse" NOT NULL,
    "occupancy" "Occupancy" NOT NULL,
    "area" DOUBLE PRECISION NOT NULL,
    "owner_person_id" TEXT,
    "rental_registered_on" DATE,

    CONSTRAINT "house_pkey" PRIMARY KEY ("code")
);

-- CreateIndex
CREATE INDEX "building_grid_code_code_idx" ON "building"("grid_code", "code");

-- CreateIndex
CREATE INDEX "building_address_code_idx" ON "building"("address_code");

-- CreateIndex
CREATE INDEX "house_building_code_code_idx" ON "house"("building_code", "code");

-- CreateIndex
CREATE INDEX "house_grid_code_code_idx" ON "house"("grid_code", "code");
