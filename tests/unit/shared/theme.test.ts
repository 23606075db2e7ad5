import { describe, expect, it } from "vitest";
import { nextThemeChoice, parseThemeChoice, resolveTheme } from "@/lib/shared/theme";

describe("the colour theme", () => {
  it("follows the system unless the visitor chose", () => {
    expect(resolveTheme("system", true)).toBe("dark");
    expect(resolveTheme("system", false)).toBe("light");
    expect(resolveTheme("light", true)).toBe("light");
    expect(resolveTheme("dark", false)).toBe("dark");
  });

  it("the toggle cycles system, dark, light; anything stored that is not a theme reads as system", () => {
    expect(nextThemeChoice("system")).toBe("dark");
    expect(nextThemeChoice("dark")).toBe("light");
    expect(nextThemeChoice("light")).toBe("system");
    expect(parseThemeChoice("dark")).toBe("dark");
    expect(parseThemeChoice(null)).toBe("system");
    expect(parseThemeChoice("purple")).toBe("system");
  });
});
