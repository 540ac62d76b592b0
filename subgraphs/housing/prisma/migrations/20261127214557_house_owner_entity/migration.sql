-- AlterTable
ALTER TABLE "house" ADD COLUMN     "owner_uscc" TEXT;
