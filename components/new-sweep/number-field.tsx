import { Field, describedBy, inputClass } from "./ui";
import type { Issue } from "./types";

interface NumberFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  issues: Issue[];
  placeholder?: string;
  hint?: string;
  min?: number;
}

/** A whole-number input kept as text: blank means "not given" and the server names what is wrong. */
export function NumberField({ id, label, value, onChange, issues, placeholder, hint, min }: NumberFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} issues={issues}>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        step={1}
        min={min}
        className={`${inputClass} tabular`}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        data-testid={id}
        {...describedBy(id, issues, hint !== undefined)}
      />
    </Field>
  );
}
