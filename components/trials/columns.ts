// Column geometry shared by the header and the rows: one CSS grid template, so they line up without a
// <table> (whose auto layout would reflow as the window of rendered rows moves).

export const ROW_HEIGHT = 36;
export const HEADER_HEIGHT = 36;

const FIXED = { select: 40, number: 72, state: 104, value: 120, duration: 112 } as const;
const ERROR_MIN = 220;

/** Wide enough for the header's monospace name and a formatted value, within reason. */
export function paramColumnWidth(name: string): number {
  return Math.min(200, Math.max(100, Math.round(name.length * 7.5) + 36));
}

export function gridColumns(paramNames: ReadonlyArray<string>, withSelect: boolean): { template: string; minWidth: number } {
  const widths = [
    ...(withSelect ? [FIXED.select] : []),
    FIXED.number,
    FIXED.state,
    FIXED.value,
    FIXED.duration,
    ...paramNames.map(paramColumnWidth),
  ];
  const template = [...widths.map((w) => `${w}px`), `minmax(${ERROR_MIN}px, 1fr)`].join(" ");
  return { template, minWidth: widths.reduce((a, b) => a + b, ERROR_MIN) };
}
