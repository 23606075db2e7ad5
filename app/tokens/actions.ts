"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createApiToken } from "@/lib/server/create-api-token";
import { revokeApiToken } from "@/lib/server/revoke-api-token";
import { runAction } from "@/lib/server/ui-action";

const createInput = z.strictObject({ name: z.string(), scopes: z.array(z.string()) });

/** Makes a token; its whole value is answered once, here, and never stored. */
export async function createTokenAction(input: { name: string; scopes: string[] }) {
  return runAction(createInput, input, async ({ name, scopes }) => {
    const created = await createApiToken({ name, scopes });
    revalidatePath("/tokens");
    return { token: created.token, prefix: created.prefix };
  });
}

export async function revokeTokenAction(input: { id: number }) {
  return runAction(z.strictObject({ id: z.int().positive() }), input, async ({ id }) => {
    await revokeApiToken({ id });
    revalidatePath("/tokens");
    return true;
  });
}
