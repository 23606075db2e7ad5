import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ExperimentView } from "@/components/experiment/experiment-view";
import { earlyFetchScript } from "@/lib/client/early-fetch";
import { IMPORTANCE_MIN_TRIALS } from "@/lib/optimizer";
import { AppError } from "@/lib/http/errors";
import { getExperiment, type ExperimentDetail } from "@/lib/server/get-experiment";
import { getExperimentTitle } from "@/lib/server/get-page-title";
import { requirePageAccess } from "@/lib/server/page-access";
import {
  changeStatusAction,
  createShareLinkAction,
  enqueueTrialAction,
  extendBudgetAction,
  launchAction,
  listShareLinksAction,
  recallLaunchAction,
  revokeShareLinkAction,
  suggestTrialsAction,
  updateNotesAction,
} from "./actions";

const actions = {
  changeStatus: changeStatusAction,
  extendBudget: extendBudgetAction,
  enqueueTrial: enqueueTrialAction,
  suggestTrials: suggestTrialsAction,
  createShareLink: createShareLinkAction,
  listShareLinks: listShareLinksAction,
  revokeShareLink: revokeShareLinkAction,
  launch: launchAction,
  recallLaunch: recallLaunchAction,
  updateNotes: updateNotesAction,
};

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  const name = /^\d{1,12}$/.test(id) ? await getExperimentTitle({ id: Number(id) }) : null;
  return { title: name ?? "Experiment not found" };
}

async function load(id: string): Promise<ExperimentDetail> {
  if (!/^\d{1,12}$/.test(id)) notFound();
  try {
    return await getExperiment({ id: Number(id) });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function ExperimentPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await requirePageAccess();
  const experiment = await load((await params).id);
  const early = [`/api/ui/experiments/${experiment.id}/trials`, ...(experiment.trialsDone >= IMPORTANCE_MIN_TRIALS ? [`/api/ui/experiments/${experiment.id}/importance`] : [])];
  return (
    <>
      {/* The trials (and importance) start downloading while the page's scripts load. */}
      <script dangerouslySetInnerHTML={{ __html: earlyFetchScript(early) }} />
      <ExperimentView initial={experiment} actions={access.canWrite ? actions : null} />
    </>
  );
}
