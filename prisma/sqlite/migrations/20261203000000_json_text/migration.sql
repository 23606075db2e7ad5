-- JSON columns are TEXT: the JSON text lib/db writes (columns.ts jsonText) is kept as written, key order
-- included (a search space's order is the order its parameters are sampled in), on both databases: PostgreSQL's
-- JSONB would reorder keys. The declared type only changes: SQLite stored this text the same way before.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Experiment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "completedAt" DATETIME
);
INSERT INTO "new_Experiment" ("completedAt", "constraints", "createdAt", "description", "heartbeatGraceSec", "id", "maxParallel", "maxRetries", "maxTrials", "name", "objectives", "pruner", "prunerConfig", "retryOn", "sampler", "samplerConfig", "seed", "space", "spaceFormat", "spaceSource", "status", "trialCount", "updatedAt") SELECT "completedAt", "constraints", "createdAt", "description", "heartbeatGraceSec", "id", "maxParallel", "maxRetries", "maxTrials", "name", "objectives", "pruner", "prunerConfig", "retryOn", "sampler", "samplerConfig", "seed", "space", "spaceFormat", "spaceSource", "status", "trialCount", "updatedAt" FROM "Experiment";
DROP TABLE "Experiment";
ALTER TABLE "new_Experiment" RENAME TO "Experiment";
CREATE INDEX "Experiment_status_updatedAt_idx" ON "Experiment"("status", "updatedAt");
CREATE TABLE "new_Trial" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "experimentId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "params" TEXT NOT NULL,
    "paramsInternal" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "values" TEXT,
    "value" REAL,
    "userAttrs" TEXT NOT NULL,
    "systemAttrs" TEXT NOT NULL,
    "workerId" TEXT,
    "heartbeatAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "completedAt" DATETIME,
    "error" TEXT,
    "failureKind" TEXT,
    "retryPending" BOOLEAN NOT NULL DEFAULT false,
    "lastStep" INTEGER,
    "lastValue" REAL,
    "constraints" TEXT,
    "violation" REAL,
    "retryOfId" INTEGER,
    CONSTRAINT "Trial_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Trial_retryOfId_fkey" FOREIGN KEY ("retryOfId") REFERENCES "Trial" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Trial" ("completedAt", "constraints", "createdAt", "error", "experimentId", "failureKind", "heartbeatAt", "id", "lastStep", "lastValue", "number", "params", "paramsInternal", "retryOfId", "retryPending", "startedAt", "state", "systemAttrs", "userAttrs", "value", "values", "violation", "workerId") SELECT "completedAt", "constraints", "createdAt", "error", "experimentId", "failureKind", "heartbeatAt", "id", "lastStep", "lastValue", "number", "params", "paramsInternal", "retryOfId", "retryPending", "startedAt", "state", "systemAttrs", "userAttrs", "value", "values", "violation", "workerId" FROM "Trial";
DROP TABLE "Trial";
ALTER TABLE "new_Trial" RENAME TO "Trial";
CREATE INDEX "Trial_experimentId_state_number_idx" ON "Trial"("experimentId", "state", "number");
CREATE INDEX "Trial_experimentId_retryOfId_idx" ON "Trial"("experimentId", "retryOfId");
CREATE INDEX "Trial_experimentId_state_value_idx" ON "Trial"("experimentId", "state", "value");
CREATE INDEX "Trial_state_heartbeatAt_idx" ON "Trial"("state", "heartbeatAt");
CREATE UNIQUE INDEX "Trial_experimentId_number_key" ON "Trial"("experimentId", "number");
CREATE TABLE "new_ShareLink" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "experimentId" INTEGER NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "viewState" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "ShareLink_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ShareLink" ("createdAt", "experimentId", "expiresAt", "hash", "id", "prefix", "revokedAt", "viewState") SELECT "createdAt", "experimentId", "expiresAt", "hash", "id", "prefix", "revokedAt", "viewState" FROM "ShareLink";
DROP TABLE "ShareLink";
ALTER TABLE "new_ShareLink" RENAME TO "ShareLink";
CREATE UNIQUE INDEX "ShareLink_hash_key" ON "ShareLink"("hash");
CREATE INDEX "ShareLink_experimentId_idx" ON "ShareLink"("experimentId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

