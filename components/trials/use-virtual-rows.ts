"use client";

import { useCallback, useRef, useState, type UIEvent } from "react";

export interface VirtualRowsOptions {
  count: number;
  rowHeight: number;
  /** Height of anything above the first row inside the scroll container (a sticky header). */
  offset: number;
  /** Rows rendered beyond each edge of the viewport, so fast scrolling shows no blank band. */
  overscan?: number;
  /** Viewport height assumed before it is measured (server render, first paint). */
  initialHeight?: number;
}

export interface VirtualRows {
  /** Ref callback for the scroll container (React 19: returns its cleanup). */
  attach: (node: HTMLElement | null) => (() => void) | undefined;
  onScroll: (e: UIEvent<HTMLElement>) => void;
  /** Back to the first row, e.g. after the sort or the filters change. */
  scrollToTop: () => void;
  /** Rows [start, end) to render, positioned at start * rowHeight. */
  start: number;
  end: number;
  totalHeight: number;
}

/**
 * Fixed-height row windowing: state changes only when the first visible row or the viewport height
 * changes, so a scroll event inside one row costs nothing.
 */
export function useVirtualRows({ count, rowHeight, offset, overscan = 8, initialHeight = 600 }: VirtualRowsOptions): VirtualRows {
  const [first, setFirst] = useState(0);
  const [height, setHeight] = useState(initialHeight);
  const container = useRef<HTMLElement | null>(null);

  const attach = useCallback((node: HTMLElement | null) => {
    container.current = node;
    if (!node) return undefined;
    setHeight(node.clientHeight || initialHeight);
    if (typeof ResizeObserver === "undefined") return undefined;
    const observer = new ResizeObserver(() => setHeight(node.clientHeight));
    observer.observe(node);
    return () => observer.disconnect();
  }, [initialHeight]);

  const onScroll = useCallback(
    (e: UIEvent<HTMLElement>) => setFirst(Math.max(0, Math.floor((e.currentTarget.scrollTop - offset) / rowHeight))),
    [offset, rowHeight],
  );

  const scrollToTop = useCallback(() => {
    if (container.current) container.current.scrollTop = 0;
    setFirst(0);
  }, []);

  const visible = Math.ceil(height / rowHeight) + 1;
  // After a filter shrinks the list the browser clamps scrollTop; clamp here too so no frame is blank.
  const top = Math.min(first, Math.max(0, count - visible));
  const end = Math.min(count, top + visible + overscan);
  const start = Math.min(Math.max(0, top - overscan), end);
  return { attach, onScroll, scrollToTop, start, end, totalHeight: count * rowHeight };
}
