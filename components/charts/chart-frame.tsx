"use client";

import type { ReactNode } from "react";

export interface ChartFrameProps {
  testId: string;
  title?: ReactNode;
  subtitle?: ReactNode;
  /** Controls shown at the right of the header. */
  toolbar?: ReactNode;
  footer?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** The card every chart sits in: a header with title and controls, the plot, an optional footer. */
export function ChartFrame({ testId, title, subtitle, toolbar, footer, className = "", children }: ChartFrameProps) {
  return (
    <section data-testid={testId} className={`rounded-lg border border-slate-200 bg-white p-4 shadow-sm ${className}`}>
      {(title || subtitle || toolbar) && (
        <header className="mb-3 flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
          <div className="min-w-0">
            {title && <h3 className="truncate text-sm font-semibold text-slate-800">{title}</h3>}
            {subtitle && <p className="mt-0.5 text-xs text-slate-500">{subtitle}</p>}
          </div>
          {toolbar && <div className="flex flex-wrap items-center gap-2">{toolbar}</div>}
        </header>
      )}
      {children}
      {footer && <footer className="mt-2 text-xs text-slate-500">{footer}</footer>}
    </section>
  );
}

/** Placeholder for charts without data, the same height as the plot so the layout does not jump. */
export function ChartEmpty({ message, height }: { message: string; height: number }) {
  return (
    <div
      data-testid="chart-empty"
      className="flex items-center justify-center rounded-md border border-dashed border-slate-200 bg-slate-50/60 text-sm text-slate-400"
      style={{ height }}
    >
      {message}
    </div>
  );
}
