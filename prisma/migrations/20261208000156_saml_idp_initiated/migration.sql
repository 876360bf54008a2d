-- AlterTable
ALTER TABLE "connections" ADD COLUMN     "saml_idp_initiated_client_id" TEXT;
