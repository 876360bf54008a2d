-- AlterEnum
ALTER TYPE "account_status" ADD VALUE 'SUSPENDED';

-- AlterTable
ALTER TABLE "oauth_clients" ADD COLUMN     "organization_id" UUID;

-- AlterTable
ALTER TABLE "organization_domains" ADD COLUMN     "verification_token" TEXT;

-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "login_verification" BOOLEAN,
ADD COLUMN     "require_mfa" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "session_max_hours" INTEGER;

-- CreateTable
CREATE TABLE "audit_events" (
    "id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "type" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "organization_id" UUID,
    "account_id" UUID,
    "email" TEXT,
    "actor_id" UUID,
    "actor_email" TEXT,
    "client_id" TEXT,
    "ip" TEXT,
    "user_agent" TEXT,
    "details" JSONB,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_events_organization_id_occurred_at_idx" ON "audit_events"("organization_id", "occurred_at");

-- CreateIndex
CREATE INDEX "audit_events_organization_id_account_id_occurred_at_idx" ON "audit_events"("organization_id", "account_id", "occurred_at");

-- CreateIndex
CREATE INDEX "audit_events_occurred_at_idx" ON "audit_events"("occurred_at");

-- CreateIndex
CREATE INDEX "oauth_clients_organization_id_idx" ON "oauth_clients"("organization_id");

-- AddForeignKey
ALTER TABLE "oauth_clients" ADD CONSTRAINT "oauth_clients_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
