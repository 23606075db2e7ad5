"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { AppError } from "@/lib/http/errors";
import { SESSION_COOKIE, dashboardAccess } from "@/lib/server/dashboard-access";

export interface SignInState {
  error: string | null;
}

/** Checks the pasted API token and keeps it in an httpOnly cookie: the dashboard's session. */
export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const token = String(form.get("token") ?? "").trim();
  if (!token) return { error: "Paste an API token (npx sweepboard token create)." };
  try {
    await dashboardAccess({ sessionToken: token });
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
  const store = await cookies();
  store.set(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 30 });
  redirect("/");
}

export async function signOutAction(): Promise<void> {
  const store = await cookies();
  store.delete(SESSION_COOKIE);
  redirect("/login");
}
