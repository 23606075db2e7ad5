import "server-only";
import { z } from "zod";
import { AppError, databaseUnavailableError, fromZodError, INTERNAL_ERROR, storageFullError, unstorableTextError } from "@/lib/http/errors";
import type { ActionResult } from "@/lib/schemas/actions";
import { assertSafeJson } from "@/lib/http/json-safety";
import { assertCanWrite, dashboardAccess } from "./dashboard-access";
import { currentSessionId } from "./sessions";

export type { ActionResult };

/**
 * The wrapper of every dashboard server action. Actions are public endpoints, so each one checks here
 * that the visitor may write (signed in with a write token, or a local dashboard), validates its input
 * with the schema, and answers errors as data the form can show inline instead of throwing.
 */
export async function runAction<S extends z.ZodType, T>(schema: S, input: unknown, run: (data: z.infer<S>) => Promise<T>): Promise<ActionResult<T>> {
  try {
    assertCanWrite(await dashboardAccess({ sessionId: await currentSessionId() }));
    // Same limits as a JSON body (depth, lone surrogates): action input never passes through parseJson.
    assertSafeJson(input, { what: "action input" });
    const parsed = schema.safeParse(input);
    if (!parsed.success) throw fromZodError(parsed.error, input);
    return { ok: true, data: await run(parsed.data) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, ...error.toBody() };
    const full = storageFullError(error);
    if (full) return { ok: false, ...full.toBody() };
    const unavailable = databaseUnavailableError(error);
    if (unavailable) return { ok: false, ...unavailable.toBody() };
    const unstorable = unstorableTextError(error);
    if (unstorable) return { ok: false, ...unstorable.toBody() };
    console.error("[sweepboard] unexpected error in a server action", error);
    return { ok: false, error: { ...INTERNAL_ERROR } };
  }
}
