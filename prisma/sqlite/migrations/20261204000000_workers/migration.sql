-- Workers (sweepboard worker) and the slots a launch gives them, and the command a sweep may store for its trials.
-- Written with `prisma migrate diff --from-schema-datamodel <the schema before> --to-schema-datamodel prisma/<provider>/schema`.
-- AlterTable
ALTER TABLE "Experiment" ADD COLUMN "command" TEXT;

-- CreateTable
CREATE TABLE "Worker" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "slots" INTEGER NOT NULL,
    "gpus" TEXT NOT NULL,
    "version" TEXT NOT NULL DEFAULT '',
    "tokenId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stoppedAt" DATETIME
);

-- CreateTable
CREATE TABLE "WorkerAssignment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "workerId" INTEGER NOT NULL,
    "slot" INTEGER NOT NULL,
    "experimentId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME,
    "endReason" TEXT,
    CONSTRAINT "WorkerAssignment_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "Worker" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WorkerAssignment_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Worker_stoppedAt_lastSeenAt_idx" ON "Worker"("stoppedAt", "lastSeenAt");

-- CreateIndex
CREATE INDEX "WorkerAssignment_workerId_endedAt_idx" ON "WorkerAssignment"("workerId", "endedAt");

-- CreateIndex
CREATE INDEX "WorkerAssignment_experimentId_endedAt_idx" ON "WorkerAssignment"("experimentId", "endedAt");

