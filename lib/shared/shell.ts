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

export class ShellSplitError extends Error {}

/**
 * A command line as a POSIX shell splits it into arguments, without expanding anything: whitespace separates,
 * single quotes keep everything, double quotes keep everything but `\"`, `\\`, `` \` `` and `\$`, a backslash outside
 * quotes keeps the next character. `${...}` stays as written, so a command template reads back as typed.
 * shellSplit(shellJoin(args)) is args. Throws ShellSplitError for an unclosed quote or a trailing backslash.
 */
export function shellSplit(line: string): string[] {
  const args: string[] = [];
  let current = "";
  let inArg = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      if (inArg) args.push(current);
      current = "";
      inArg = false;
      i++;
      continue;
    }
    inArg = true;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShellSplitError(`the single quote at character ${i + 1} is never closed`);
      current += line.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= line.length) throw new ShellSplitError(`the double quote at character ${i + 1} is never closed`);
        const d = line[j]!;
        if (d === '"') break;
        if (d === "\\" && j + 1 < line.length && '"\\`$'.includes(line[j + 1]!)) {
          current += line[j + 1]!;
          j += 2;
        } else {
          current += d;
          j++;
        }
      }
      i = j + 1;
    } else if (c === "\\") {
      if (i + 1 >= line.length) throw new ShellSplitError("the line ends with a backslash");
      // A backslash before a newline joins lines, as in a shell.
      if (line[i + 1] !== "\n") current += line[i + 1]!;
      else if (current === "") inArg = false;
      i += 2;
    } else {
      current += c;
      i++;
    }
  }
  if (inArg) args.push(current);
  return args;
}
