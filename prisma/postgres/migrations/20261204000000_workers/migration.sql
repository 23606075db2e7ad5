-- Workers (sweepboard worker) and the slots a launch gives them, and the command a sweep may store for its trials.
-- Written with `prisma migrate diff --from-schema-datamodel <the schema before> --to-schema-datamodel prisma/<provider>/schema`.

-- AlterTable
ALTER TABLE "Experiment" ADD COLUMN     "command" TEXT;

-- CreateTable
CREATE TABLE "Worker" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "slots" INTEGER NOT NULL,
    "gpus" TEXT NOT NULL,
    "version" TEXT NOT NULL DEFAULT '',
    "tokenId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stoppedAt" TIMESTAMP(3),

    CONSTRAINT "Worker_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkerAssignment" (
    "id" SERIAL NOT NULL,
    "workerId" INTEGER NOT NULL,
    "slot" INTEGER NOT NULL,
    "experimentId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "endReason" TEXT,

    CONSTRAINT "WorkerAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Worker_stoppedAt_lastSeenAt_idx" ON "Worker"("stoppedAt", "lastSeenAt");

-- CreateIndex
CREATE INDEX "WorkerAssignment_workerId_endedAt_idx" ON "WorkerAssignment"("workerId", "endedAt");

-- CreateIndex
CREATE INDEX "WorkerAssignment_experimentId_endedAt_idx" ON "WorkerAssignment"("experimentId", "endedAt");

-- AddForeignKey
ALTER TABLE "WorkerAssignment" ADD CONSTRAINT "WorkerAssignment_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "Worker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkerAssignment" ADD CONSTRAINT "WorkerAssignment_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

