-- AlterTable
ALTER TABLE "organization_members" ADD COLUMN     "password_allowed" BOOLEAN NOT NULL DEFAULT false;
