import type { Direction } from "@/lib/optimizer";

interface Thinnable {
  number: number;
  state: string;
  value: number | null;
}

/**
 * At most about `max` trials for the SVG scatter charts (objective over trials, slices), which slow down
 * past a few thousand nodes: every k-th trial by number, plus every trial that improved the best value
 * so far, so the best-so-far line and the winners stay exact. Below `max`, the trials as they are.
 */
export function thinTrials<T extends Thinnable>(trials: ReadonlyArray<T>, max: number, direction: Direction): { shown: T[]; stride: number } {
  if (trials.length <= max) return { shown: trials.slice(), stride: 1 };
  const stride = Math.ceil(trials.length / max);
  const sign = direction === "maximize" ? -1 : 1;
  let best = Infinity;
  const shown: T[] = [];
  trials.forEach((t, i) => {
    let keep = i % stride === 0;
    if (t.state === "complete" && t.value !== null && sign * t.value < best) {
      best = sign * t.value;
      keep = true;
    }
    if (keep) shown.push(t);
  });
  return { shown, stride };
}
