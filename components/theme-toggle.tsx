"use client";

import { useSyncExternalStore } from "react";
import { applyStoredTheme, nextThemeChoice, parseThemeChoice, THEME_STORAGE_KEY, type ThemeChoice } from "@/lib/shared/theme";

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "data-theme-choice"] });
  return () => observer.disconnect();
}

const LABEL: Record<ThemeChoice, string> = { system: "Theme: system", dark: "Theme: dark", light: "Theme: light" };
const ICON: Record<ThemeChoice, string> = { system: "◐", dark: "☾", light: "☀" };

/** Cycles the colour theme: follow the system, dark, light. */
export function ThemeToggle() {
  const choice = useSyncExternalStore(subscribe, () => parseThemeChoice(document.documentElement.dataset.themeChoice), () => "system" as const);
  const next = nextThemeChoice(choice);
  return (
    <button
      type="button"
      onClick={() => {
        try {
          if (next === "system") window.localStorage.removeItem(THEME_STORAGE_KEY);
          else window.localStorage.setItem(THEME_STORAGE_KEY, next);
        } catch {
          // Storage refused: the choice lasts for this page only.
          document.documentElement.dataset.themeChoice = next;
        }
        applyStoredTheme();
      }}
      title={`${LABEL[choice]} (click for ${next})`}
      aria-label={`${LABEL[choice]}; switch to ${next}`}
      className="rounded-md px-2 py-1 text-sm text-slate-500 hover:bg-slate-100 hover:text-slate-900"
      data-testid="theme-toggle"
      data-choice={choice}
    >
      <span aria-hidden>{ICON[choice]}</span>
    </button>
  );
}
