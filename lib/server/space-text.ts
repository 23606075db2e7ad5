import "server-only";
import { CST, Lexer, Parser, parse as parseYaml } from "yaml";
import { AppError } from "@/lib/http/errors";
import { MAX_JSON_DEPTH, assertJsonTextDepth, assertSafeJson, type SafeJsonOptions } from "@/lib/http/json-safety";

/**
 * Anchors and aliases a YAML space may hold, and the alias expansions it may make. A space needs a
 * handful; the yaml package resolves them in quadratic time (20,000 cost 10 s) and without a cap on
 * expansion a "billion laughs" document grows exponentially.
 */
export const MAX_YAML_ALIASES = 100;

const spaceOptions: SafeJsonOptions = { what: "space", prefix: "space", depthCode: "validation_error" };

function refuse(message: string): AppError {
  return new AppError("validation_error", `space: ${message}`, { path: "space" });
}

/**
 * One pass over the YAML tokens before the document is composed: the composer recurses once per
 * level (5,000 levels overflow the stack; 100,000 have crashed the process out of memory), and it
 * is quadratic in anchors and aliases. The CST parser is iterative; its stack is the open nesting,
 * give or take the document and a pending scalar.
 */
function assertYamlShape(source: string): void {
  const parser = new Parser();
  let anchors = 0;
  let aliases = 0;
  let afterScalarMarker = false;
  for (const lexeme of new Lexer().lex(source)) {
    // After the scalar marker comes a scalar's text, which may well begin with "*" or "&".
    if (!afterScalarMarker) {
      const type = CST.tokenType(lexeme);
      if (type === "anchor" && ++anchors > MAX_YAML_ALIASES) throw refuse(`YAML has more than ${MAX_YAML_ALIASES} anchors (&name); at most ${MAX_YAML_ALIASES} are allowed`);
      if (type === "alias" && ++aliases > MAX_YAML_ALIASES) throw refuse(`YAML has more than ${MAX_YAML_ALIASES} aliases (*name); at most ${MAX_YAML_ALIASES} are allowed`);
    }
    afterScalarMarker = lexeme === CST.SCALAR;
    for (const _token of parser.next(lexeme)) {
      // Documents are composed below by parseYaml, once the source is known to be reasonable.
    }
    if (parser.stack.length > MAX_JSON_DEPTH + 4) throw refuse(`YAML nests more than ${MAX_JSON_DEPTH} levels deep; at most ${MAX_JSON_DEPTH} are allowed`);
  }
}

/**
 * A search space given as text (YAML, JSON or a W&B sweep file), parsed with the same limits as a
 * request body: nesting at most MAX_JSON_DEPTH, well-formed strings, and bounded YAML aliases.
 * Every refusal is a 422 naming `space`.
 */
export function readSpaceText(source: string, format: "json" | "yaml" | "wandb"): unknown {
  let value: unknown;
  if (format === "json") assertJsonTextDepth(source, spaceOptions);
  else assertYamlShape(source);
  try {
    value = format === "json" ? JSON.parse(source) : parseYaml(source, { maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw refuse(`not valid ${format === "json" ? "JSON" : "YAML"}: ${detail}`);
  }
  // Aliases can still nest a document deeper than its text does: the walk has the last word.
  assertSafeJson(value, spaceOptions);
  return value;
}
