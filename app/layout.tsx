import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { ThemeToggle } from "@/components/theme-toggle";
import { dashboardNeedsSignIn } from "@/lib/server/dashboard-access";
import { applyStoredTheme } from "@/lib/shared/theme";
import { currentSessionId } from "@/lib/server/sessions";
import { signOutAction } from "./login/actions";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  // Pages name what they show ("mnist-mlp · Sweepboard", "Trial #3 · mnist-mlp · Sweepboard").
  title: { default: "Sweepboard", template: "%s · Sweepboard" },
  description: "Self-hosted hyperparameter sweeps",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Signed in with a session (a dashboard served to a network): offer to end it.
  const signedIn = dashboardNeedsSignIn() && (await currentSessionId()) !== null;
  return (
    // The theme script sets data-theme on <html> before React hydrates: the attribute differs from the server's.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: `(${applyStoredTheme.toString()})()` }} />
      </head>
      <body className="min-h-screen font-sans">
        <Providers>
          <header className="border-b border-slate-200 bg-white">
            <nav className="mx-auto flex max-w-7xl items-center gap-6 px-6 py-3">
              <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-slate-900" data-testid="nav-home">
                <span aria-hidden className="inline-block h-5 w-5 rounded bg-gradient-to-br from-indigo-500 to-cyan-400" />
                Sweepboard
              </Link>
              <Link href="/" className="text-sm text-slate-600 hover:text-slate-900">
                Experiments
              </Link>
              <Link href="/experiments/new" className="text-sm text-slate-600 hover:text-slate-900">
                New sweep
              </Link>
              <Link href="/workers" className="text-sm text-slate-600 hover:text-slate-900" data-testid="nav-workers">
                Workers
              </Link>
              <Link href="/tokens" className="text-sm text-slate-600 hover:text-slate-900">
                Tokens
              </Link>
              <a href="/api/v1/openapi.json" className="ml-auto text-sm text-slate-500 hover:text-slate-900">
                API
              </a>
              <ThemeToggle />
              {signedIn && (
                <form action={signOutAction}>
                  <button type="submit" className="text-sm text-slate-500 hover:text-slate-900" data-testid="sign-out">
                    Sign out
                  </button>
                </form>
              )}
            </nav>
          </header>
          <main className="mx-auto max-w-7xl px-6 py-8">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
