// A small Markdown reader for notes: paragraphs, headings (# to ###), **bold**, *italic*, `code`, fenced code
// blocks, bullet and numbered lists, and links to http(s) URLs. It returns a tree of plain data that
// components/markdown.tsx turns into React elements: no HTML string is ever built, so "<script>" in a note is
// text. Anything it does not understand (HTML, images, other link schemes, deeper headings) stays as text.

export type Inline =
  | { kind: "text"; text: string }
  | { kind: "strong"; children: Inline[] }
  | { kind: "em"; children: Inline[] }
  | { kind: "code"; text: string }
  | { kind: "link"; href: string; children: Inline[] };

export type Block =
  | { kind: "heading"; level: 1 | 2 | 3; children: Inline[] }
  | { kind: "paragraph"; children: Inline[] }
  | { kind: "code"; lang: string; text: string }
  | { kind: "list"; ordered: boolean; start: number; items: Inline[][] };

/** Emphasis nests at most this deep; deeper delimiters read as text (a bound on recursion for hostile notes). */
const MAX_DEPTH = 6;

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,3})(?=[ \t]|$)(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$/;
const BULLET = /^ {0,3}[-*+][ \t]+(.*)$/;
const NUMBERED = /^ {0,3}(\d{1,9})[.)][ \t]+(.*)$/;
const ESCAPABLE = /[\\`*_[\]()#+\-.!~<>]/;

/** A link target the notes may point at: an absolute http(s) URL, normalised; anything else is null. */
export function safeHref(raw: string): string | null {
  if (!/^https?:\/\//i.test(raw)) return null;
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; start: number; items: string[][] } | null = null;

  const flush = () => {
    if (paragraph.length) blocks.push({ kind: "paragraph", children: parseInline(paragraph.join("\n")) });
    paragraph = [];
    if (list) blocks.push({ kind: "list", ordered: list.ordered, start: list.start, items: list.items.map((item) => parseInline(item.join("\n"))) });
    list = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1]!;
      const body: string[] = [];
      let j = i + 1;
      // Closed by a run of the same character at least as long; an unclosed fence runs to the end.
      while (j < lines.length && !new RegExp(`^ {0,3}${marker[0] === "`" ? "`" : "~"}{${marker.length},}\\s*$`).test(lines[j]!)) body.push(lines[j++]!);
      blocks.push({ kind: "code", lang: fence[2] ?? "", text: body.join("\n") });
      i = j;
      continue;
    }
    if (line.trim() === "") {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: "heading", level: heading[1]!.length as 1 | 2 | 3, children: parseInline(heading[2] ?? "") });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      const ordered = numbered !== null;
      if (paragraph.length || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, start: numbered ? Number(numbered[1]) : 1, items: [] };
      list.items.push([(bullet ? bullet[1] : numbered![2])!]);
      continue;
    }
    // A line right after a list item continues it; otherwise it belongs to the paragraph.
    if (list) list.items[list.items.length - 1]!.push(line.trim());
    else paragraph.push(line);
  }
  flush();
  return blocks;
}

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Where the emphasis opened by `delim` at `from` closes: the next `delim` after a non-space character (an "_"
 * also needs no letter after it, so snake_case stays as written). A single "*" skips over "**" pairs, so
 * "*a **b** c*" nests. -1: it does not close.
 */
function findCloser(s: string, from: number, delim: string): number {
  const single = delim.length === 1;
  for (let i = from; i < s.length; i++) {
    const c = s[i]!;
    if (c === "\\") {
      i++;
      continue;
    }
    if (c !== delim[0]) continue;
    if (single && s[i + 1] === c) {
      i++;
      continue;
    }
    if (!s.startsWith(delim, i) || i === from || isSpace(s[i - 1])) continue;
    // "**a *b***": in a run of three or more, the double closer is the run's last two characters.
    let run = 1;
    while (s[i + run] === c) run++;
    if (delim[0] === "_" && isWord(s[i + run])) continue;
    return single ? i : i + run - 2;
  }
  return -1;
}

/** `[label](url)` at `i`: the label, the URL and where it ends; null when it is not one. */
function readLink(s: string, i: number): { label: string; url: string; end: number } | null {
  const close = s.indexOf("](", i + 1);
  if (close < 0 || s.slice(i + 1, close).includes("]")) return null;
  const urlEnd = s.indexOf(")", close + 2);
  if (urlEnd < 0) return null;
  const url = s.slice(close + 2, urlEnd).trim();
  if (url === "" || /\s/.test(url)) return null;
  return { label: s.slice(i + 1, close), url, end: urlEnd + 1 };
}

const BARE_URL = /^https?:\/\/[^\s<>()[\]"'`]+/i;

export function parseInline(s: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let text = "";
  const push = (node: Inline) => {
    if (text) out.push({ kind: "text", text });
    text = "";
    out.push(node);
  };
  // Memo of the first position from which a delimiter was found not to close: later searches cannot succeed
  // either, which keeps a note full of unmatched "*" linear instead of quadratic.
  const noCloser = new Map<string, number>();
  const closer = (from: number, delim: string) => {
    const failed = noCloser.get(delim);
    if (failed !== undefined && from >= failed) return -1;
    const at = findCloser(s, from, delim);
    if (at < 0) noCloser.set(delim, Math.min(from, failed ?? from));
    return at;
  };

  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === "\\" && ESCAPABLE.test(s[i + 1] ?? "")) {
      text += s[i + 1];
      i += 2;
      continue;
    }
    if (c === "`") {
      let run = 1;
      while (s[i + run] === "`") run++;
      const ticks = "`".repeat(run);
      let end = s.indexOf(ticks, i + run);
      while (end >= 0 && s[end + run] === "`") end = s.indexOf(ticks, end + run + 1);
      if (end < 0) {
        text += ticks;
        i += run;
        continue;
      }
      const code = s.slice(i + run, end).replace(/\n/g, " ");
      push({ kind: "code", text: /^ .* $/.test(code) && code.trim() !== "" ? code.slice(1, -1) : code });
      i = end + run;
      continue;
    }
    if ((c === "*" || c === "_") && depth < MAX_DEPTH) {
      const double = s[i + 1] === c;
      const delim = double ? c + c : c;
      const canOpen = !isSpace(s[i + delim.length]) && !(c === "_" && isWord(s[i - 1]));
      const end = canOpen ? closer(i + delim.length, delim) : -1;
      if (end >= 0) {
        const children = parseInline(s.slice(i + delim.length, end), depth + 1);
        push(double ? { kind: "strong", children } : { kind: "em", children });
        i = end + delim.length;
        continue;
      }
      text += delim;
      i += delim.length;
      continue;
    }
    if (c === "[") {
      const link = readLink(s, i);
      const href = link && safeHref(link.url);
      if (link && href) {
        push({ kind: "link", href, children: depth < MAX_DEPTH ? parseInline(link.label, depth + 1) : [{ kind: "text", text: link.label }] });
        i = link.end;
        continue;
      }
      // Not a link we follow (javascript:, a relative path, ...): the whole thing stays as text.
      if (link) {
        text += s.slice(i, link.end);
        i = link.end;
        continue;
      }
    }
    if ((c === "h" || c === "H") && !isWord(s[i - 1])) {
      const bare = BARE_URL.exec(s.slice(i, i + 2048));
      if (bare) {
        const raw = bare[0].replace(/[.,;:!?]+$/, "");
        const href = safeHref(raw);
        if (href) {
          push({ kind: "link", href, children: [{ kind: "text", text: raw }] });
          i += raw.length;
          continue;
        }
      }
    }
    text += c;
    i++;
  }
  if (text) out.push({ kind: "text", text });
  return out;
}
