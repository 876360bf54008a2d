-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "brand_color" TEXT,
ADD COLUMN     "brand_display_name" TEXT,
ADD COLUMN     "brand_logo_hash" TEXT,
ADD COLUMN     "brand_logo_type" TEXT;

-- CreateTable
CREATE TABLE "organization_logos" (
    "organization_id" UUID NOT NULL,
    "bytes" BYTEA NOT NULL,

    CONSTRAINT "organization_logos_pkey" PRIMARY KEY ("organization_id")
);

-- AddForeignKey
ALTER TABLE "organization_logos" ADD CONSTRAINT "organization_logos_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
