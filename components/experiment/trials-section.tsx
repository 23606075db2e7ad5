"use client";

import type { ViewState } from "@/lib/client/view-state";
import type { Direction } from "@/lib/optimizer";
import type { TrialDto } from "@/lib/schemas/trial";
import { TrialsTable } from "../trials-table";

export function TrialsSection(props: { experimentId: number; trials: TrialDto[]; total: number; view: ViewState; setView: (p: Partial<ViewState>) => void; objectiveMetric: string; direction: Direction; readOnly: boolean }) {
  const paramNames = [...new Set(props.trials.flatMap((t) => Object.keys(t.params)))].sort();
  return <TrialsTable trials={props.trials} paramNames={paramNames} />;
}
