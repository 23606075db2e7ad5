-- The trial core (lib/optimizer/core): retry policy per sweep, failure kinds, retries due but not yet
-- handed out, and where a pruned trial stopped. Plain ADD COLUMNs: no table is rebuilt.
ALTER TABLE "Experiment" ADD COLUMN "retryOn" TEXT NOT NULL DEFAULT 'infrastructure';
ALTER TABLE "Trial" ADD COLUMN "failureKind" TEXT;
ALTER TABLE "Trial" ADD COLUMN "retryPending" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Trial" ADD COLUMN "lastStep" INTEGER;
ALTER TABLE "Trial" ADD COLUMN "lastValue" REAL;

-- Failures told before kinds existed: a stale heartbeat was the server's verdict on the worker.
UPDATE "Trial" SET "failureKind" = CASE WHEN "error" LIKE 'no heartbeat since%' THEN 'infrastructure' ELSE 'program' END
 WHERE "state" = 'failed';

-- Finished trials keep their last reported objective value and its step; a pruned trial's value is that value.
UPDATE "Trial" SET
  "lastStep"  = (SELECT m."step" FROM "MetricPoint" m JOIN "Experiment" e ON e."id" = "Trial"."experimentId"
                  WHERE m."trialId" = "Trial"."id" AND m."name" = json_extract(e."objectives", '$[0].metric')
                  ORDER BY m."step" DESC LIMIT 1),
  "lastValue" = (SELECT m."value" FROM "MetricPoint" m JOIN "Experiment" e ON e."id" = "Trial"."experimentId"
                  WHERE m."trialId" = "Trial"."id" AND m."name" = json_extract(e."objectives", '$[0].metric')
                  ORDER BY m."step" DESC LIMIT 1)
 WHERE "state" IN ('complete', 'pruned');
UPDATE "Trial" SET "value" = "lastValue" WHERE "state" = 'pruned' AND "value" IS NULL;

-- Counting an experiment's retries (the budget) and finding a trial's retry without a scan.
CREATE INDEX "Trial_experimentId_retryOfId_idx" ON "Trial"("experimentId", "retryOfId");

-- The best complete trials of a sweep (the sampler's bounded model history, the best trial) from an index.
CREATE INDEX "Trial_experimentId_state_value_idx" ON "Trial"("experimentId", "state", "value");
