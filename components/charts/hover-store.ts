"use client";

import { useSyncExternalStore } from "react";

/** A tiny external store so hover updates re-render only the cursor and tooltip, not the whole chart. */
export interface HoverStore<T> {
  get(): T | null;
  set(value: T | null): void;
  subscribe(listener: () => void): () => void;
}

export function createHoverStore<T>(): HoverStore<T> {
  let value: T | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      if (next === value) return;
      value = next;
      listeners.forEach((l) => l());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useHover<T>(store: HoverStore<T>): T | null {
  return useSyncExternalStore(store.subscribe, store.get, () => null);
}
