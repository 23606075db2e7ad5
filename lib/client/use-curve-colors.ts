"use client";

import { useMemo, useState } from "react";
import { assignCurveSlots, curveColors } from "./transforms/curve-colors";

/** Each shown trial's curve colour, kept across renders (see assignCurveSlots). */
export function useCurveColors(numbers: ReadonlyArray<number>): ReadonlyMap<number, string> {
  const [slots, setSlots] = useState(() => assignCurveSlots(numbers));
  const next = assignCurveSlots(numbers, slots);
  // Adjusting state while rendering, as React documents for state derived from props: no extra effect pass.
  if (next !== slots) setSlots(next);
  return useMemo(() => curveColors(next), [next]);
}
