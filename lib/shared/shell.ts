/**
 * An argument as a POSIX shell reads it: bare when it holds only safe characters, else in single quotes. `$`,
 * `{` and `}` count as safe so that a command template's ${...} reads as written.
 */
export function shellQuote(arg: string): string {
  if (arg !== "" && /^[A-Za-z0-9_@%+=:,./${}-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command's arguments as one line to read or paste into a shell. */
export function shellJoin(args: readonly string[]): string {
  return args.map(shellQuote).join(" ");
}
