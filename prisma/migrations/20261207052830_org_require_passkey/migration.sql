-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "require_passkey" BOOLEAN NOT NULL DEFAULT false;
