-- AlterTable
ALTER TABLE "event" ADD COLUMN     "handled_by" TEXT;
