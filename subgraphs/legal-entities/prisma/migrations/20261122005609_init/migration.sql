-- CreateEnum
CREATE TYPE "EntityType" AS ENUM ('COMPANY', 'INDIVIDUAL_BUSINESS', 'INSTITUTION', 'SOCIAL_ORGANIZATION');

-- CreateEnum
CREATE TYPE "LicenceStatus" AS ENUM ('ACTIVE', 'SUSPENDED', 'REVOKED', 'DEREGISTERED');

-- CreateEnum
CREATE TYPE "WorkSafetyLevel" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'MAJOR_HAZARD');

-- CreateTable
CREATE TABLE "legal_entity" (
    "uscc" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "EntityType" NOT NULL,
    "legal_representative_id" TEXT NOT NULL,
    "legal_representative_name" TEXT NOT NULL,
    "registered_address_code" TEXT NOT NULL,
    "business_address_code" TEXT,
    "grid_code" TEXT NOT NULL,
    "industry" TEXT NOT NULL,
    "staff_count" INTEGER NOT NULL,
    "established_on" DATE NOT NULL,
    "licence_status" "LicenceStatus" NOT NULL,
    "work_safety_level" "WorkSafetyLevel" NOT NULL,
    "fire_key_unit" BOOLEAN NOT NULL,
    "food_licence" TEXT,

    CONSTRAINT "legal_entity_pkey" PRIMARY KEY ("uscc")
);

-- CreateTable
CREATE TABLE "premises" (
    "entity_uscc" TEXT NOT NULL,
    "house_code" TEXT NOT NULL,

    CONSTRAINT "premises_pkey" PRIMARY KEY ("entity_uscc","house_code")
);

-- CreateIndex
CREATE INDEX "legal_entity_grid_code_uscc_idx" ON "legal_entity"("grid_code", "uscc");

-- CreateIndex
CREATE INDEX "legal_entity_legal_representative_id_idx" ON "legal_entity"("legal_representative_id");

-- CreateIndex
CREATE INDEX "premises_house_code_idx" ON "premises"("house_code");

-- AddForeignKey
ALTER TABLE "premises" ADD CONSTRAINT "premises_entity_uscc_fkey" FOREIGN KEY ("entity_uscc") REFERENCES "legal_entity"("uscc") ON DELETE CASCADE ON UPDATE CASCADE;
