"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { ChartFrame } from "@/components/charts/chart-frame";
import { ParetoLegend, ParetoPlot } from "@/components/charts/pareto-plot";
import { frontRows, objectivePairs, paretoPoints, type ParetoKind } from "@/lib/client/transforms/pareto";
import type { Direction } from "@/lib/optimizer";
import type { TrialDto } from "@/lib/schemas/trial";
import { formatNumber } from "@/lib/shared/format";

export interface ParetoSectionProps {
  experimentId: number;
  trials: ReadonlyArray<TrialDto>;
  objectives: ReadonlyArray<{ metric: string; direction: Direction }>;
  /** The server's front (trial numbers): the one place that decides it is lib/optimizer/mo. */
  front: ReadonlyArray<number>;
  /** False on a share link, where trial pages are not reachable. */
  linkable: boolean;
}

/** Several objectives: the trade-off plot (pairwise for three or more) and the front's trials as a table. */
export function ParetoSection({ experimentId, trials, objectives, front, linkable }: ParetoSectionProps) {
  const router = useRouter();
  const names = useMemo(() => objectives.map((o) => o.metric), [objectives]);
  const pairs = useMemo(() => objectivePairs(objectives.length), [objectives.length]);
  const placed = useMemo(() => pairs.map(([i, j]) => paretoPoints(trials, front, i, j)), [pairs, trials, front]);
  const rows = useMemo(() => frontRows(trials, front, objectives.map((o) => o.direction)), [trials, front, objectives]);
  const first = placed[0];
  const counts = useMemo(() => {
    const c: Record<ParetoKind, number> = { front: 0, feasible: 0, infeasible: 0, pruned: 0 };
    for (const p of first?.points ?? []) c[p.kind]++;
    return c;
  }, [first]);
  const open = linkable ? (n: number) => router.push(`/experiments/${experimentId}/trials/${n}`) : undefined;
  const directions = objectives.map((o) => `${o.direction === "minimize" ? "↓" : "↑"} ${o.metric}`).join(" · ");
  const grid = pairs.length > 1;

  return (
    <div className="grid gap-6 xl:grid-cols-[3fr_2fr]" data-testid="pareto-section">
      <ChartFrame testId="pareto-chart" title="Pareto front" subtitle={`${directions}${grid ? " · each pair of objectives" : ""}`} footer={first && first.points.length > 0 && <ParetoLegend counts={counts} unplotted={first.unplotted} />}>
        {!first || first.points.length === 0 ? (
          <p className="rounded-md border border-dashed border-slate-200 p-6 text-sm text-slate-400" data-testid="pareto-empty">
            The front appears when trials complete with every objective.
          </p>
        ) : (
          <div className={grid ? "grid gap-3 sm:grid-cols-2" : ""}>
            {pairs.map(([i, j], k) => (
              <ParetoPlot
                key={`${i}-${j}`}
                testId={grid ? `pareto-plot-${i}-${j}` : "pareto-plot"}
                points={placed[k]?.points ?? []}
                front={placed[k]?.front ?? []}
                objectives={names}
                x={i}
                y={j}
                // A line through the front only follows it when the two axes are every objective there is.
                joinFront={!grid}
                onOpen={open}
                height={grid ? 220 : 320}
              />
            ))}
          </div>
        )}
      </ChartFrame>
      <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="pareto-front-table">
        <h3 className="text-sm font-semibold text-slate-800">Trials on the front ({rows.length})</h3>
        <p className="mt-0.5 text-xs text-slate-500">complete, feasible, not dominated; best first on {objectives[0]?.metric}</p>
        <div className="mt-2 max-h-80 overflow-auto">
          <table className="w-full text-sm tabular-nums">
            <thead className="text-left text-xs text-slate-500">
              <tr>
                <th className="py-1 pr-3 font-medium">Trial</th>
                {names.map((n) => (
                  <th key={n} className="py-1 pr-3 text-right font-medium">
                    {n}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((t) => (
                <tr key={t.id} className="border-t border-slate-100" data-testid="pareto-front-row" data-trial-number={t.number}>
                  <td className="py-1 pr-3">
                    {linkable ? (
                      <Link href={`/experiments/${experimentId}/trials/${t.number}`} className="font-medium text-indigo-700 hover:underline" data-testid="pareto-front-link">
                        #{t.number}
                      </Link>
                    ) : (
                      `#${t.number}`
                    )}
                  </td>
                  {names.map((n, k) => (
                    <td key={n} className="py-1 pr-3 text-right font-mono">
                      {formatNumber(t.values?.[k] ?? null)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
