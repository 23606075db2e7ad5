-- A Markdown note and tags (a JSON array, the sweeps list filters on it) on sweeps and trials.
-- Plain ADD COLUMNs: no table is rebuilt.
ALTER TABLE "Experiment" ADD COLUMN "note" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Experiment" ADD COLUMN "tags" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "Trial" ADD COLUMN "note" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Trial" ADD COLUMN "tags" TEXT NOT NULL DEFAULT '[]';
