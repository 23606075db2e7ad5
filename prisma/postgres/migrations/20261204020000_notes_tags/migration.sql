-- A Markdown note and tags (a JSON array, the sweeps list filters on it) on sweeps and trials.
-- Plain ADD COLUMNs: no table is rebuilt.

-- AlterTable
ALTER TABLE "Experiment" ADD COLUMN     "note" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "tags" TEXT NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "Trial" ADD COLUMN     "note" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "tags" TEXT NOT NULL DEFAULT '[]';
