import { describe, expect, it } from "vitest";
import { linesToDrop, MAX_LINE_BYTES, truncateLine, utf8Bytes } from "@/lib/shared/trial-output";

describe("truncateLine", () => {
  it("keeps a line within the limit as it is", () => {
    expect(truncateLine("epoch 1 loss=0.5")).toEqual({ text: "epoch 1 loss=0.5", truncated: false });
    expect(truncateLine("x".repeat(MAX_LINE_BYTES))).toEqual({ text: "x".repeat(MAX_LINE_BYTES), truncated: false });
  });

  it("cuts a longer one on a character boundary and says how much went", () => {
    const cut = truncateLine("ab€€€", 6); // a b (2) € (3 each): 6 bytes fit "ab€" and one byte of the next
    expect(cut).toEqual({ text: "ab€ … [line cut: 6 more bytes]", truncated: true });
    expect(truncateLine("x".repeat(MAX_LINE_BYTES + 10)).text).toBe(`${"x".repeat(MAX_LINE_BYTES)} … [line cut: 10 more bytes]`);
  });

  it("counts UTF-8 bytes", () => {
    expect(utf8Bytes("é€😀")).toBe(2 + 3 + 4);
  });
});

describe("linesToDrop (the 1 MiB bound)", () => {
  it("drops nothing while the kept text fits", () => {
    expect(linesToDrop([10, 10], 20, 20)).toEqual({ lines: 0, bytes: 0 });
  });

  it("drops the oldest lines until the rest fits", () => {
    expect(linesToDrop([5, 5, 5, 5], 20, 12)).toEqual({ lines: 2, bytes: 10 });
    expect(linesToDrop([5, 5, 5, 5], 20, 11)).toEqual({ lines: 2, bytes: 10 });
    expect(linesToDrop([5, 5, 5, 5], 20, 10)).toEqual({ lines: 2, bytes: 10 });
    expect(linesToDrop([5, 5, 5, 5], 20, 9)).toEqual({ lines: 3, bytes: 15 });
  });

  it("stops at the end of the window it was given (the caller asks for the next one)", () => {
    expect(linesToDrop([1, 1], 100, 10)).toEqual({ lines: 2, bytes: 2 });
  });
});
