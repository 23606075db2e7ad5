-- How a trial ran (its command line, cwd, host) and the output lines its command printed, bounded per trial.
-- Written with `prisma migrate diff --from-schema-datamodel <the schema before> --to-schema-datamodel prisma/<provider>/schema`.

-- CreateTable
CREATE TABLE "TrialRun" (
    "trialId" INTEGER NOT NULL,
    "argv" TEXT,
    "cwd" TEXT,
    "host" TEXT,
    "worker" TEXT,
    "startedAt" TIMESTAMP(3),
    "lastBatch" INTEGER NOT NULL DEFAULT 0,
    "nextSeq" INTEGER NOT NULL DEFAULT 0,
    "keptBytes" INTEGER NOT NULL DEFAULT 0,
    "droppedLines" INTEGER NOT NULL DEFAULT 0,
    "droppedBytes" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TrialRun_pkey" PRIMARY KEY ("trialId")
);

-- CreateTable
CREATE TABLE "TrialOutputLine" (
    "trialId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "stream" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TrialOutputLine_pkey" PRIMARY KEY ("trialId","seq")
);

-- AddForeignKey
ALTER TABLE "TrialRun" ADD CONSTRAINT "TrialRun_trialId_fkey" FOREIGN KEY ("trialId") REFERENCES "Trial"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrialOutputLine" ADD CONSTRAINT "TrialOutputLine_trialId_fkey" FOREIGN KEY ("trialId") REFERENCES "Trial"("id") ON DELETE CASCADE ON UPDATE CASCADE;
