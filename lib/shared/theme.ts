// The dashboard's colour theme: the visitor's choice (kept in localStorage), or the system's
// prefers-color-scheme when they made none. <html data-theme> holds the theme in effect and
// data-theme-choice what was chosen; app/globals.css themes everything from data-theme.

export type ThemeChoice = "system" | "light" | "dark";
export const THEME_STORAGE_KEY = "sweepboard-theme";

export function resolveTheme(choice: ThemeChoice, prefersDark: boolean): "light" | "dark" {
  return choice === "system" ? (prefersDark ? "dark" : "light") : choice;
}

/** The header's toggle: system → dark → light → system. */
export function nextThemeChoice(choice: ThemeChoice): ThemeChoice {
  return choice === "system" ? "dark" : choice === "dark" ? "light" : "system";
}

export function parseThemeChoice(stored: string | null | undefined): ThemeChoice {
  return stored === "light" || stored === "dark" ? stored : "system";
}

/**
 * Applies the stored choice to <html>, and follows the system's scheme while the choice is "system". The
 * layout inlines this function's source into <head> so the theme is set before the first paint (no flash
 * of light); it must stay self-contained: no imports, no closures over module values.
 */
export function applyStoredTheme(): void {
  try {
    const root = document.documentElement;
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const apply = function () {
      const stored = window.localStorage.getItem("sweepboard-theme");
      const choice = stored === "light" || stored === "dark" ? stored : "system";
      root.dataset.themeChoice = choice;
      root.dataset.theme = choice === "system" ? (media.matches ? "dark" : "light") : choice;
    };
    apply();
    const w = window as unknown as { __sweepboardTheme?: () => void };
    if (!w.__sweepboardTheme) media.addEventListener("change", apply);
    w.__sweepboardTheme = apply;
  } catch {
    // No storage (privacy mode) or no matchMedia: the light theme stays.
  }
}
