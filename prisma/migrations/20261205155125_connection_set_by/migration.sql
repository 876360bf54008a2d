-- AlterTable
ALTER TABLE "connections" ADD COLUMN     "set_by" TEXT NOT NULL DEFAULT 'tenant';
