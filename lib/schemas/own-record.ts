import { z } from "zod";

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A schema's JSON Schema, to show in the OpenAPI document for a schema zod cannot describe (a transform). */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { unrepresentable: "any" });
  return rest;
}

/**
 * z.record(z.string(), value), except that every key survives. zod 4's record skips a "__proto__" key without a
 * word (it builds its output by assignment, which would set the prototype), but keys here are user strings such
 * as parameter names, and "__proto__" is as good a name as "lr". The output is built with Object.fromEntries,
 * which defines own properties; the OpenAPI document shows the plain record.
 */
export function ownRecord<V extends z.ZodType>(value: V) {
  return z
    .custom<Record<string, z.input<V>>>(isPlainObject, { message: "must be an object" })
    .transform((input, ctx) => {
      const entries: Array<[string, z.output<V>]> = [];
      for (const [key, raw] of Object.entries(input)) {
        const parsed = value.safeParse(raw);
        if (parsed.success) entries.push([key, parsed.data]);
        else for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [key, ...issue.path] } as Parameters<typeof ctx.addIssue>[0]);
      }
      return Object.fromEntries(entries) as Record<string, z.output<V>>;
    })
    .meta(jsonSchemaOf(z.record(z.string(), value)));
}
