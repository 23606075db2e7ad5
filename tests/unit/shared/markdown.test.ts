import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "@/components/markdown";
import { parseInline, parseMarkdown, safeHref } from "@/lib/shared/markdown";

const html = (text: string) => renderToStaticMarkup(createElement(Markdown, { text }));

describe("the notes' Markdown", () => {
  it("reads headings up to ###, paragraphs, lists and fenced code", () => {
    const blocks = parseMarkdown("# One\n## Two\n### Three\n#### Four\n#tag\n\nfirst line\nsecond line\n\n- a\n* b\n+ c\n\n3. x\n4) y\n\n```python\nprint('<b>')\n\n**not bold**\n```\nafter");
    expect(blocks.map((b) => b.kind)).toEqual(["heading", "heading", "heading", "paragraph", "paragraph", "list", "list", "code", "paragraph"]);
    expect(blocks[3]).toEqual({ kind: "paragraph", children: [{ kind: "text", text: "#### Four\n#tag" }] });
    expect(blocks[5]).toMatchObject({ kind: "list", ordered: false, items: [[{ text: "a" }], [{ text: "b" }], [{ text: "c" }]] });
    expect(blocks[6]).toMatchObject({ kind: "list", ordered: true, start: 3 });
    expect(blocks[7]).toEqual({ kind: "code", lang: "python", text: "print('<b>')\n\n**not bold**" });
  });

  it("renders bold, italic, nested emphasis and inline code as elements", () => {
    expect(html("**bold** and *it* and _it2_ and `a*b*c`")).toBe('<div class="space-y-2 text-sm leading-relaxed text-slate-800"><p class="whitespace-pre-line"><strong>bold</strong> and <em>it</em> and <em>it2</em> and <code class="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.9em] text-slate-800">a*b*c</code></p></div>');
    expect(parseInline("**bold *italic* bold**")).toEqual([{ kind: "strong", children: [{ kind: "text", text: "bold " }, { kind: "em", children: [{ kind: "text", text: "italic" }] }, { kind: "text", text: " bold" }] }]);
    expect(parseInline("*it **bold** it*")).toEqual([{ kind: "em", children: [{ kind: "text", text: "it " }, { kind: "strong", children: [{ kind: "text", text: "bold" }] }, { kind: "text", text: " it" }] }]);
    expect(parseInline("learning_rate_max and 2 * 3 * 4 and **unclosed")).toEqual([{ kind: "text", text: "learning_rate_max and 2 * 3 * 4 and **unclosed" }]);
    expect(parseInline("**a *b***")).toEqual([{ kind: "strong", children: [{ kind: "text", text: "a " }, { kind: "em", children: [{ kind: "text", text: "b" }] }] }]);
    expect(parseInline("***both***")).toEqual([{ kind: "strong", children: [{ kind: "em", children: [{ kind: "text", text: "both" }] }] }]);
    expect(parseInline("*a **b***")).toEqual([{ kind: "em", children: [{ kind: "text", text: "a " }, { kind: "strong", children: [{ kind: "text", text: "b" }] }] }]);
    expect(parseInline("\\*not em\\*")).toEqual([{ kind: "text", text: "*not em*" }]);
  });

  it("shows HTML as text: <script> is never markup", () => {
    const out = html('<script>alert("x")</script>\n\n# <img src=x onerror=alert(1)>\n\n- <b>b</b>');
    expect(out).not.toContain("<script");
    expect(out).not.toContain("<img");
    expect(out).not.toContain("<b>");
    expect(out).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(out).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("links only http(s) URLs, with rel noopener noreferrer nofollow; other schemes stay text", () => {
    expect(html("[docs](https://example.com/a?b=1)")).toContain('<a href="https://example.com/a?b=1" rel="noopener noreferrer nofollow" target="_blank"');
    for (const bad of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>x</script>", "vbscript:x", "/relative", "//evil.example", "mailto:a@b.c", "https:"]) {
      const out = html(`[click](${bad})`);
      expect(out, bad).not.toContain("<a ");
      expect(out, bad).toContain("[click]");
    }
    expect(safeHref(" javascript:alert(1)")).toBeNull();
    expect(safeHref("http://exa mple.com")).toBeNull();
    expect(html("see https://example.com/run/1.")).toContain('<a href="https://example.com/run/1" rel="noopener noreferrer nofollow" target="_blank" class="text-indigo-700 underline hover:text-indigo-900">https://example.com/run/1</a>.');
  });

  it("stays fast and shallow on hostile notes of 20,000 characters", () => {
    const hostile = ["*".repeat(20_000), "*a ".repeat(6_666), "`".repeat(20_000), "[".repeat(10_000) + "](".repeat(5_000), "_a_".repeat(6_000), "**a *b ".repeat(2_500)];
    for (const text of hostile) {
      const started = performance.now();
      const out = html(text);
      expect(out.length).toBeGreaterThan(0);
      expect(performance.now() - started, text.slice(0, 20)).toBeLessThan(1_000);
    }
    // Nesting is bounded: deeper delimiters read as text.
    const deep = parseInline(`${"*a ".repeat(50)}x${" a*".repeat(50)}`);
    let depth = 0;
    for (let node = deep.find((n) => n.kind === "em"); node && node.kind === "em"; node = node.children.find((n) => n.kind === "em")) depth++;
    expect(depth).toBeLessThanOrEqual(7);
  });
});
