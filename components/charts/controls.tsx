"use client";

export interface SegmentedOption<T extends string> {
  value: T;
  label: string;
}

/** A small segmented control (radio group) for chart toolbars. */
export function Segmented<T extends string>({
  value,
  options,
  onChange,
  label,
  testId,
}: {
  value: T;
  options: ReadonlyArray<SegmentedOption<T>>;
  onChange: (value: T) => void;
  label: string;
  testId?: string;
}) {
  return (
    <div role="radiogroup" aria-label={label} data-testid={testId} className="inline-flex rounded-md bg-slate-100 p-0.5 text-xs">
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={o.value === value}
          onClick={() => onChange(o.value)}
          className={`rounded px-2 py-1 font-medium transition-colors ${
            o.value === value ? "bg-white text-slate-900 shadow-sm" : "text-slate-500 hover:text-slate-800"
          }`}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

/** A labelled checkbox toggle; disabled with a reason shown as its title. */
export function Toggle({
  checked,
  onChange,
  label,
  disabledReason,
  testId,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  disabledReason?: string | null;
  testId?: string;
}) {
  const disabled = Boolean(disabledReason);
  return (
    <label
      title={disabledReason ?? undefined}
      className={`inline-flex select-none items-center gap-1.5 text-xs font-medium ${disabled ? "cursor-not-allowed text-slate-400" : "cursor-pointer text-slate-600"}`}
    >
      <input
        type="checkbox"
        data-testid={testId}
        checked={checked && !disabled}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
        className="size-3.5 rounded border-slate-300 accent-indigo-600"
      />
      {label}
    </label>
  );
}
