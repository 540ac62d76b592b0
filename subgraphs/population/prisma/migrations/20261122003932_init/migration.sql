-- CreateEnum
CREATE TYPE "Gender" AS ENUM ('MALE', 'FEMALE');

-- CreateEnum
CREATE TYPE "ResidenceType" AS ENUM ('REGISTERED', 'MIGRANT', 'FOREIGN');

-- CreateEnum
CREATE TYPE "PersonTag" AS ENUM ('ELDERLY_ALONE', 'DISABILITY', 'PRESCHOOL_CHILD', 'SCHOOL_AGE', 'LOW_INCOME', 'VETERAN', 'KEY_PERSON');

-- CreateTable
CREATE TABLE "person" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "id_number" TEXT NOT NULL,
    "gender" "Gender" NOT NULL,
    "birth_date" DATE NOT NULL,
    "ethnicity" TEXT NOT NULL,
    "phone" TEXT,
    "household_registration" TEXT NOT NULL,
    "residence_type" "ResidenceType" NOT NULL,
    "house_code" TEXT,
    "grid_code" TEXT NOT NULL,
    "moved_in_on" DATE,
    "employer_uscc" TEXT,
    "tags" "PersonTag"[],

    CONSTRAINT "person_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "person_id_number_key" ON "person"("id_number");

-- CreateIndex
CREATE INDEX "person_grid_code_id_idx" ON "person"("grid_code", "id");

-- CreateIndex
CREATE INDEX "person_house_code_idx" ON "person"("house_code");

-- CreateIndex
CREATE INDEX "person_employer_uscc_idx" ON "person"("employer_uscc");
