import type { Metadata } from "next";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default function LoginPage() {
  return (
    <div className="mx-auto max-w-md space-y-4 rounded-lg border border-slate-200 bg-white p-8" data-testid="login">
      <h1 className="text-xl font-semibold">Sign in</h1>
      <p className="text-sm text-slate-600">
        This Sweepboard serves a network, so it asks who you are. Paste an API token; make one on the server with{" "}
        <code className="rounded bg-slate-100 px-1">npx sweepboard token create --name you</code>.
      </p>
      <SignInForm />
    </div>
  );
}
