import { Fragment, type ReactNode } from "react";
import { parseMarkdown, type Block, type Inline } from "@/lib/shared/markdown";

// Notes as React elements, from lib/shared/markdown.ts's tree: every piece of text is a text node React
// escapes, and no HTML is set directly, so a note cannot inject markup or script.

function inlines(nodes: Inline[]): ReactNode {
  return nodes.map((node, i) => {
    switch (node.kind) {
      case "text":
        return <Fragment key={i}>{node.text}</Fragment>;
      case "strong":
        return <strong key={i}>{inlines(node.children)}</strong>;
      case "em":
        return <em key={i}>{inlines(node.children)}</em>;
      case "code":
        return (
          <code key={i} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.9em] text-slate-800">
            {node.text}
          </code>
        );
      case "link":
        return (
          <a key={i} href={node.href} rel="noopener noreferrer nofollow" target="_blank" className="text-indigo-700 underline hover:text-indigo-900">
            {inlines(node.children)}
          </a>
        );
    }
  });
}

const HEADING_CLASS = { 1: "text-lg font-semibold", 2: "text-base font-semibold", 3: "text-sm font-semibold" } as const;

function block(b: Block, i: number): ReactNode {
  switch (b.kind) {
    case "heading": {
      const Tag = `h${b.level}` as const;
      return (
        <Tag key={i} className={HEADING_CLASS[b.level]}>
          {inlines(b.children)}
        </Tag>
      );
    }
    case "paragraph":
      return (
        <p key={i} className="whitespace-pre-line">
          {inlines(b.children)}
        </p>
      );
    case "code":
      return (
        <pre key={i} className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100" data-lang={b.lang || undefined}>
          <code>{b.text}</code>
        </pre>
      );
    case "list": {
      const items = b.items.map((item, j) => <li key={j}>{inlines(item)}</li>);
      return b.ordered ? (
        <ol key={i} start={b.start === 1 ? undefined : b.start} className="list-decimal space-y-0.5 pl-6">
          {items}
        </ol>
      ) : (
        <ul key={i} className="list-disc space-y-0.5 pl-6">
          {items}
        </ul>
      );
    }
  }
}

/** A note rendered from its Markdown. */
export function Markdown({ text, testId }: { text: string; testId?: string }) {
  return (
    <div className="space-y-2 text-sm leading-relaxed text-slate-800" data-testid={testId}>
      {parseMarkdown(text).map(block)}
    </div>
  );
}
