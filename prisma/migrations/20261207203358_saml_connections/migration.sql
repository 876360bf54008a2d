-- AlterTable
ALTER TABLE "connections" ADD COLUMN     "protocol" TEXT NOT NULL DEFAULT 'oidc',
ADD COLUMN     "saml_certificates" TEXT,
ADD COLUMN     "saml_metadata_url" TEXT,
ADD COLUMN     "saml_sso_url" TEXT,
ALTER COLUMN "client_id" DROP NOT NULL,
ALTER COLUMN "auth_method" DROP NOT NULL,
ALTER COLUMN "scopes" DROP NOT NULL;
