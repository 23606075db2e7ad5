import { describe, expect, it } from "vitest";
import { notesPatchBody, splitTagsInput, tagFilterQuery, tagsSchema } from "@/lib/schemas/notes";
import { fromZodError } from "@/lib/http/errors";

function error(schema: { safeParse: (v: unknown) => any }, value: unknown) {
  const parsed = schema.safeParse(value);
  expect(parsed.success).toBe(false);
  return fromZodError(parsed.error, value);
}

describe("the tag rules", () => {
  it("trim, lower-case and fold duplicates, keeping the first order", () => {
    expect(tagsSchema.parse([" Baseline", "LR:1e-3", "baseline ", "a.b_c-d:e"])).toEqual(["baseline", "lr:1e-3", "a.b_c-d:e"]);
    expect(tagsSchema.parse([])).toEqual([]);
  });

  it("name the wrong tag and its place", () => {
    for (const [tags, path, quoted] of [
      [["ok", "two words"], "tags[1]", '"two words"'],
      [["é"], "tags[0]", '"é"'],
      [[""], "tags[0]", '""'],
      [["a/b"], "tags[0]", '"a/b"'],
      [["x".repeat(33)], "tags[0]", `"${"x".repeat(33)}"`],
    ] as const) {
      const e = error(notesPatchBody, { tags });
      expect(e.path).toBe(path);
      expect(e.message).toContain(quoted);
      expect(e.message).toMatch(/must be 1-32 characters of a-z, 0-9/);
    }
    expect(tagsSchema.parse(["x".repeat(32)])).toHaveLength(1);
  });

  it("allow at most 16 different tags", () => {
    expect(tagsSchema.parse(Array.from({ length: 16 }, (_, i) => `t${i}`))).toHaveLength(16);
    expect(error(notesPatchBody, { tags: Array.from({ length: 17 }, (_, i) => `t${i}`) }).message).toMatch(/^tags: must have at most 16 different tags/);
    expect(tagsSchema.parse([...Array.from({ length: 16 }, (_, i) => `t${i}`), "T1", "t2"])).toHaveLength(16);
  });

  it("cap a note at 20,000 characters and refuse unknown fields", () => {
    expect(notesPatchBody.parse({ note: "x".repeat(20_000) }).note).toHaveLength(20_000);
    expect(error(notesPatchBody, { note: "x".repeat(20_001) }).message).toBe("note: must be at most 20,000 characters");
    expect(error(notesPatchBody, { notes: "x" }).message).toMatch(/notes/);
    expect(notesPatchBody.parse({})).toEqual({});
  });

  it("read one or several ?tag= parameters, at most five", () => {
    expect(tagFilterQuery.parse("A")).toEqual(["a"]);
    expect(tagFilterQuery.parse(["a", "B "])).toEqual(["a", "b"]);
    expect(error(tagFilterQuery, ["a", "b", "c", "d", "e", "f"]).message).toMatch(/at most 5 tag parameters/);
  });

  it("split what a person types into a tags field", () => {
    expect(splitTagsInput(" a, b  c,,d\n")).toEqual(["a", "b", "c", "d"]);
    expect(splitTagsInput("")).toEqual([]);
  });
});
