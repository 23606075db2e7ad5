"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { requestScheme } from "@/lib/http/host-policy";
import { AppError } from "@/lib/http/errors";
import { createSession } from "@/lib/server/create-session";
import { endSession } from "@/lib/server/end-session";
import { currentSessionId, sessionCookieName, sessionCookieOptions } from "@/lib/server/sessions";

export interface SignInState {
  error: string | null;
}

/** Checks the pasted API token and opens a session; the httpOnly cookie holds the session's id, never the token. */
export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  // An action is a public endpoint: its arguments are whatever a request carried, not what the form sends.
  if (!(form instanceof FormData)) return { error: "Send the sign-in form: a token field." };
  const token = String(form.get("token") ?? "").trim();
  if (!token) return { error: "Paste an API token (npx sweepboard token create)." };
  let session;
  try {
    session = await createSession({ token });
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
  const scheme = requestScheme(await headers());
  const store = await cookies();
  store.set(sessionCookieName(scheme), session.sessionId, sessionCookieOptions(scheme, session.expiresAt));
  redirect("/");
}

export async function signOutAction(): Promise<void> {
  await endSession({ sessionId: await currentSessionId() });
  const scheme = requestScheme(await headers());
  // Expire it with the same attributes it was set with: a __Host- cookie is only replaced by a Secure one.
  (await cookies()).set(sessionCookieName(scheme), "", { ...sessionCookieOptions(scheme, new Date(0)), maxAge: 0 });
  redirect("/login");
}
