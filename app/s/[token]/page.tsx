import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ExperimentView } from "@/components/experiment/experiment-view";
import { AppError } from "@/lib/http/errors";
import { resolveShareToken } from "@/lib/server/dashboard-access";
import { getExperiment } from "@/lib/server/get-experiment";
import { getExperimentTitle } from "@/lib/server/get-page-title";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ token: string }> }): Promise<Metadata> {
  const name = await getExperimentTitle({ shareToken: (await params).token });
  return { title: name === null ? "Link not found" : `${name} (shared)` };
}

/** An unknown, revoked or expired link, or one whose experiment is gone: a 404 with ./not-found.tsx. */
async function load(token: string) {
  try {
    const { experimentId, viewState } = await resolveShareToken(token);
    return { experiment: await getExperiment({ id: experimentId }), viewState };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

/** A share link: one experiment, read-only, opening the view it was shared with; no token needed. */
export default async function SharedExperimentPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { experiment, viewState } = await load(token);
  return <ExperimentView initial={experiment} share={token} sharedView={viewState} />;
}
