-- CreateTable
CREATE TABLE "Experiment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "spaceSource" TEXT NOT NULL,
    "spaceFormat" TEXT NOT NULL DEFAULT 'json',
    "space" JSONB NOT NULL,
    "sampler" TEXT NOT NULL DEFAULT 'tpe',
    "samplerConfig" JSONB NOT NULL,
    "pruner" TEXT NOT NULL DEFAULT 'none',
    "prunerConfig" JSONB NOT NULL,
    "objectives" JSONB NOT NULL,
    "maxTrials" INTEGER,
    "maxParallel" INTEGER,
    "seed" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "maxRetries" INTEGER NOT NULL DEFAULT 0,
    "heartbeatGraceSec" INTEGER NOT NULL DEFAULT 300,
    "trialCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "completedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Trial" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "experimentId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "params" JSONB NOT NULL,
    "paramsInternal" JSONB NOT NULL,
    "state" TEXT NOT NULL,
    "values" JSONB,
    "value" REAL,
    "userAttrs" JSONB NOT NULL,
    "systemAttrs" JSONB NOT NULL,
    "workerId" TEXT,
    "heartbeatAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "completedAt" DATETIME,
    "error" TEXT,
    "retryOfId" INTEGER,
    CONSTRAINT "Trial_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Trial_retryOfId_fkey" FOREIGN KEY ("retryOfId") REFERENCES "Trial" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MetricPoint" (
    "trialId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "value" REAL NOT NULL,
    "wallTime" REAL NOT NULL,

    PRIMARY KEY ("trialId", "name", "step"),
    CONSTRAINT "MetricPoint_trialId_fkey" FOREIGN KEY ("trialId") REFERENCES "Trial" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ShareLink" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "experimentId" INTEGER NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "viewState" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "ShareLink_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Experiment_status_updatedAt_idx" ON "Experiment"("status", "updatedAt");

-- CreateIndex
CREATE INDEX "Trial_experimentId_state_number_idx" ON "Trial"("experimentId", "state", "number");

-- CreateIndex
CREATE INDEX "Trial_state_heartbeatAt_idx" ON "Trial"("state", "heartbeatAt");

-- CreateIndex
CREATE UNIQUE INDEX "Trial_experimentId_number_key" ON "Trial"("experimentId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_hash_key" ON "ApiToken"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "ShareLink_hash_key" ON "ShareLink"("hash");

-- CreateIndex
CREATE INDEX "ShareLink_experimentId_idx" ON "ShareLink"("experimentId");

