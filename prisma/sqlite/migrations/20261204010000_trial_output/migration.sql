-- How a trial ran (its command line, cwd, host) and the output lines its command printed, bounded per trial.
-- Written with `prisma migrate diff --from-schema-datamodel <the schema before> --to-schema-datamodel prisma/<provider>/schema`.
-- CreateTable
CREATE TABLE "TrialRun" (
    "trialId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "argv" TEXT,
    "cwd" TEXT,
    "host" TEXT,
    "worker" TEXT,
    "startedAt" DATETIME,
    "lastBatch" INTEGER NOT NULL DEFAULT 0,
    "nextSeq" INTEGER NOT NULL DEFAULT 0,
    "keptBytes" INTEGER NOT NULL DEFAULT 0,
    "droppedLines" INTEGER NOT NULL DEFAULT 0,
    "droppedBytes" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "TrialRun_trialId_fkey" FOREIGN KEY ("trialId") REFERENCES "Trial" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TrialOutputLine" (
    "trialId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "stream" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,

    PRIMARY KEY ("trialId", "seq"),
    CONSTRAINT "TrialOutputLine_trialId_fkey" FOREIGN KEY ("trialId") REFERENCES "Trial" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

