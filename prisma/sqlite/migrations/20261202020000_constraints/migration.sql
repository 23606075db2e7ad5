-- Constraints (lib/optimizer/constraints.ts): a sweep may name constraint metrics, feasible when <= 0; a
-- complete trial keeps their values and its total violation, so the best trial and the Pareto front
-- count feasible trials only. Plain ADD COLUMNs: no table is rebuilt.
ALTER TABLE "Experiment" ADD COLUMN "constraints" JSONB NOT NULL DEFAULT '[]';
ALTER TABLE "Trial" ADD COLUMN "constraints" JSONB;
ALTER TABLE "Trial" ADD COLUMN "violation" REAL;
