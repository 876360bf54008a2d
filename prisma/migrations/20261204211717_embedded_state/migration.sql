-- CreateTable
CREATE TABLE "state_entries" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expires_at" BIGINT NOT NULL,

    CONSTRAINT "state_entries_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "state_set_members" (
    "key" TEXT NOT NULL,
    "member" TEXT NOT NULL,
    "expires_at" BIGINT NOT NULL,

    CONSTRAINT "state_set_members_pkey" PRIMARY KEY ("key","member")
);

-- CreateIndex
CREATE INDEX "state_entries_expires_at_idx" ON "state_entries"("expires_at");

-- CreateIndex
CREATE INDEX "state_set_members_expires_at_idx" ON "state_set_members"("expires_at");
