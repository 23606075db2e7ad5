// Geometry for scatter charts drawn on a canvas: data -> pixel projection, and the point under the pointer.

/** Maps a data value to a pixel offset along [0, size] (inverted for a y axis, so larger values go up). */
export function projector(domain: readonly [number, number], log: boolean, size: number, invert = false): (v: number) => number {
  const f = log ? (v: number) => (v > 0 ? Math.log10(v) : NaN) : (v: number) => v;
  const a = f(domain[0]);
  const b = f(domain[1]);
  const span = b - a;
  if (!Number.isFinite(a) || !Number.isFinite(b) || span === 0) return () => size / 2;
  return invert ? (v) => size - ((f(v) - a) / span) * size : (v) => ((f(v) - a) / span) * size;
}

/** A uniform grid over pixel positions: the nearest point to the pointer in O(points near it). */
export interface PointIndex {
  readonly size: number;
  /** Index of the nearest point within `radius` pixels of (px, py), or -1. Ties go to the later point (drawn on top). */
  nearest(px: number, py: number, radius: number): number;
}

export function buildPointIndex(xs: Float32Array, ys: Float32Array, width: number, height: number, cell = 16): PointIndex {
  const n = Math.min(xs.length, ys.length);
  const cols = Math.max(1, Math.ceil(width / cell) + 2);
  const rows = Math.max(1, Math.ceil(height / cell) + 2);
  const cells = cols * rows;
  // Points outside the plot (allowDataOverflow) are not indexed: they are not visible.
  const cellOf = new Int32Array(n);
  const counts = new Int32Array(cells + 1);
  for (let i = 0; i < n; i++) {
    const x = xs[i] as number;
    const y = ys[i] as number;
    if (!(x >= -cell && x <= width + cell && y >= -cell && y <= height + cell)) {
      cellOf[i] = -1;
      continue;
    }
    const c = (Math.floor(y / cell) + 1) * cols + (Math.floor(x / cell) + 1);
    cellOf[i] = c;
    (counts[c + 1] as number)++;
  }
  for (let c = 0; c < cells; c++) counts[c + 1] = (counts[c + 1] as number) + (counts[c] as number);
  const start = counts.slice();
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = cellOf[i] as number;
    if (c < 0) continue;
    order[start[c] as number] = i;
    start[c] = (start[c] as number) + 1;
  }
  return {
    size: n,
    nearest(px, py, radius) {
      let best = -1;
      let bestD = radius * radius;
      const c0 = Math.max(0, Math.floor((px - radius) / cell) + 1);
      const c1 = Math.min(cols - 1, Math.floor((px + radius) / cell) + 1);
      const r0 = Math.max(0, Math.floor((py - radius) / cell) + 1);
      const r1 = Math.min(rows - 1, Math.floor((py + radius) / cell) + 1);
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          const k = r * cols + c;
          for (let j = counts[k] as number; j < (counts[k + 1] as number); j++) {
            const i = order[j] as number;
            const dx = (xs[i] as number) - px;
            const dy = (ys[i] as number) - py;
            const d = dx * dx + dy * dy;
            if (d < bestD || (d === bestD && i > best)) {
              bestD = d;
              best = i;
            }
          }
        }
      }
      return best;
    },
  };
}
