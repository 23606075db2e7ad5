import { slotColor } from "./color";

/**
 * Colour slots for the curves shown, by trial number. A trial still shown keeps its slot; a newcomer takes the
 * lowest free one, so the shown curves never share a colour, the colours stay put while the selection does, and a
 * trial joining or leaving (a running one finishing) moves no one else's. Returns `previous` itself when nothing
 * changed, so memoised consumers do not re-render.
 */
export function assignCurveSlots(numbers: ReadonlyArray<number>, previous: ReadonlyMap<number, number> = new Map()): ReadonlyMap<number, number> {
  const shown = new Set(numbers);
  const next = new Map<number, number>();
  for (const [n, slot] of previous) if (shown.has(n)) next.set(n, slot);
  const used = new Set(next.values());
  let free = 0;
  // Newcomers in trial-number order: the same selection always gives the same colours.
  for (const n of [...shown].sort((a, b) => a - b)) {
    if (next.has(n)) continue;
    while (used.has(free)) free++;
    next.set(n, free);
    used.add(free);
  }
  if (next.size === previous.size && [...next].every(([n, s]) => previous.get(n) === s)) return previous;
  return next;
}

/** The colour of each shown trial's curve from its slot. */
export function curveColors(slots: ReadonlyMap<number, number>): Map<number, string> {
  return new Map([...slots].map(([n, slot]) => [n, slotColor(slot)]));
}
