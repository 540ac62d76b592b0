-- AlterTable
ALTER TABLE "legal_entity" ADD COLUMN     "legal_representative_id_number" TEXT;
