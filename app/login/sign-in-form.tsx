"use client";

import { useActionState } from "react";
import { signInAction, type SignInState } from "./actions";

export function SignInForm() {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, { error: null });
  return (
    <form action={action} className="space-y-3">
      <label className="block text-sm font-medium text-slate-700" htmlFor="token">
        API token
      </label>
      <input id="token" name="token" type="password" autoComplete="off" className="w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-sm" data-testid="login-token" />
      {state.error && (
        <p className="text-sm text-rose-700" role="alert" data-testid="login-error">
          {state.error}
        </p>
      )}
      <button type="submit" disabled={pending} className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50" data-testid="login-submit">
        {pending ? "Checking…" : "Sign in"}
      </button>
    </form>
  );
}
