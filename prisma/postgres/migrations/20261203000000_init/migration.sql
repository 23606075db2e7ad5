-- PostgreSQL's first migration: the tables the SQLite migrations (prisma/sqlite/migrations) end with, written
-- from prisma/models.prisma with `prisma migrate diff --from-empty --to-schema-datamodel prisma/postgres/schema`.
-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Experiment" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "spaceSource" TEXT NOT NULL,
    "spaceFormat" TEXT NOT NULL DEFAULT 'json',
    "space" TEXT NOT NULL,
    "sampler" TEXT NOT NULL DEFAULT 'tpe',
    "samplerConfig" TEXT NOT NULL,
    "pruner" TEXT NOT NULL DEFAULT 'none',
    "prunerConfig" TEXT NOT NULL,
    "objectives" TEXT NOT NULL,
    "constraints" TEXT NOT NULL DEFAULT '[]',
    "maxTrials" INTEGER,
    "maxParallel" INTEGER,
    "seed" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "maxRetries" INTEGER NOT NULL DEFAULT 0,
    "retryOn" TEXT NOT NULL DEFAULT 'infrastructure',
    "heartbeatGraceSec" INTEGER NOT NULL DEFAULT 300,
    "trialCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Experiment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Trial" (
    "id" SERIAL NOT NULL,
    "experimentId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "params" TEXT NOT NULL,
    "paramsInternal" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "values" TEXT,
    "value" DOUBLE PRECISION,
    "userAttrs" TEXT NOT NULL,
    "systemAttrs" TEXT NOT NULL,
    "workerId" TEXT,
    "heartbeatAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "error" TEXT,
    "failureKind" TEXT,
    "retryPending" BOOLEAN NOT NULL DEFAULT false,
    "lastStep" INTEGER,
    "lastValue" DOUBLE PRECISION,
    "constraints" TEXT,
    "violation" DOUBLE PRECISION,
    "retryOfId" INTEGER,

    CONSTRAINT "Trial_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MetricPoint" (
    "trialId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "wallTime" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "MetricPoint_pkey" PRIMARY KEY ("trialId","name","step")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" SERIAL NOT NULL,
    "tokenId" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShareLink" (
    "id" SERIAL NOT NULL,
    "experimentId" INTEGER NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "viewState" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ShareLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Experiment_status_updatedAt_idx" ON "Experiment"("status", "updatedAt");

-- CreateIndex
CREATE INDEX "Trial_experimentId_state_number_idx" ON "Trial"("experimentId", "state", "number");

-- CreateIndex
CREATE INDEX "Trial_experimentId_retryOfId_idx" ON "Trial"("experimentId", "retryOfId");

-- CreateIndex
CREATE INDEX "Trial_experimentId_state_value_idx" ON "Trial"("experimentId", "state", "value");

-- CreateIndex
CREATE INDEX "Trial_state_heartbeatAt_idx" ON "Trial"("state", "heartbeatAt");

-- CreateIndex
CREATE UNIQUE INDEX "Trial_experimentId_number_key" ON "Trial"("experimentId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_hash_key" ON "ApiToken"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "Session_hash_key" ON "Session"("hash");

-- CreateIndex
CREATE INDEX "Session_tokenId_idx" ON "Session"("tokenId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "ShareLink_hash_key" ON "ShareLink"("hash");

-- CreateIndex
CREATE INDEX "ShareLink_experimentId_idx" ON "ShareLink"("experimentId");

-- AddForeignKey
ALTER TABLE "Trial" ADD CONSTRAINT "Trial_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Trial" ADD CONSTRAINT "Trial_retryOfId_fkey" FOREIGN KEY ("retryOfId") REFERENCES "Trial"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetricPoint" ADD CONSTRAINT "MetricPoint_trialId_fkey" FOREIGN KEY ("trialId") REFERENCES "Trial"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShareLink" ADD CONSTRAINT "ShareLink_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

