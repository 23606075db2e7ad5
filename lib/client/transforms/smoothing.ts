/**
 * TensorBoard's scalar smoothing: an exponential moving average debiased like Adam's first moment, so the
 * first smoothed values are not dragged towards zero. Non-finite values pass through unchanged and do not
 * feed the average; a constant series is returned as is (avoids 0.1 + 0.2 style noise on flat lines).
 *
 * weight is clamped to [0, 1): 0 returns the raw values.
 */
export function smoothSeries(values: ReadonlyArray<number>, weight: number): number[] {
  const w = Number.isFinite(weight) ? Math.min(Math.max(weight, 0), 0.999999) : 0;
  const first = values[0];
  if (w === 0 || values.every((v) => v === first)) return values.slice();
  const out = new Array<number>(values.length);
  let last = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * w + (1 - w) * v;
    n++;
    out[i] = last / (1 - Math.pow(w, n));
  }
  return out;
}
