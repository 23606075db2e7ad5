"use server";

import { z } from "zod";
import { experimentStatusBody, extendBudgetBody } from "@/lib/schemas/api";
import { paramsSchema } from "@/lib/schemas/common";
import { changeExperimentStatus } from "@/lib/server/change-experiment-status";
import { enqueueTrial } from "@/lib/server/enqueue-trial";
import { extendBudget } from "@/lib/server/extend-budget";
import { retryTrial } from "@/lib/server/retry-trial";
import { createShareLink, listShareLinks, revokeShareLink } from "@/lib/server/share-links";
import { MAX_SUGGESTIONS, suggestTrials } from "@/lib/server/suggest-trials";
import { runAction } from "@/lib/server/ui-action";
import type { SuggestedTrial } from "@/lib/schemas/actions";
import { launchBody, type LaunchedSlot } from "@/lib/schemas/worker";
import { launchExperiment } from "@/lib/server/launch-experiment";
import { recallLaunch } from "@/lib/server/recall-launch";
import { notesPatchBody } from "@/lib/schemas/notes";
import { updateExperimentNotes } from "@/lib/server/update-experiment-notes";
import { updateTrialNotes } from "@/lib/server/update-trial-notes";

const id = z.int().positive();

export async function changeStatusAction(input: { id: number; action: string }) {
  return runAction(experimentStatusBody.extend({ id }), input, async (d) => (await changeExperimentStatus({ id: d.id, action: d.action })).status);
}

export async function extendBudgetAction(input: { id: number; add: number }) {
  return runAction(extendBudgetBody.extend({ id }), input, async (d) => (await extendBudget({ id: d.id, add: d.add })).maxTrials);
}

export async function enqueueTrialAction(input: { id: number; params: unknown }) {
  return runAction(z.strictObject({ id, params: paramsSchema }), input, async (d) => (await enqueueTrial({ experimentId: d.id, params: d.params })).number);
}

/** The next configurations the optimizer would try, without creating trials (the page's Suggest panel). */
export async function suggestTrialsAction(input: { id: number; count: number }) {
  return runAction(z.strictObject({ id, count: z.int().min(1).max(MAX_SUGGESTIONS) }), input, async (d) => (await suggestTrials({ experimentId: d.id, count: d.count })).suggestions as SuggestedTrial[]);
}

export async function retryTrialAction(input: { trialId: number }) {
  return runAction(z.strictObject({ trialId: id }), input, async (d) => (await retryTrial({ trialId: d.trialId })).number);
}

const shareInput = z.strictObject({ id, viewState: z.record(z.string(), z.unknown()), expiresInHours: z.number().positive().max(8760).nullable() });

export async function createShareLinkAction(input: { id: number; viewState: Record<string, unknown>; expiresInHours: number | null }) {
  return runAction(shareInput, input, async (d) => {
    const { token, link } = await createShareLink({ experimentId: d.id, viewState: d.viewState, expiresInHours: d.expiresInHours });
    return { path: `/s/${token}`, link };
  });
}

export async function listShareLinksAction(input: { id: number }) {
  return runAction(z.strictObject({ id }), input, async (d) => listShareLinks({ experimentId: d.id }));
}

export async function revokeShareLinkAction(input: { id: number; linkId: number }) {
  return runAction(z.strictObject({ id, linkId: id }), input, async (d) => {
    await revokeShareLink({ experimentId: d.id, id: d.linkId });
    return true;
  });
}

export async function launchAction(input: { id: number; slots: number }) {
  return runAction(launchBody.pick({ slots: true }).extend({ id }), input, async (d) => (await launchExperiment({ id: d.id, body: { slots: d.slots } })).launched as LaunchedSlot[]);
}

export async function recallLaunchAction(input: { id: number }) {
  return runAction(z.strictObject({ id }), input, async (d) => (await recallLaunch({ id: d.id })).recalled);
}

/** The notes panel's Save on a sweep's page: the same use case as PATCH /api/v1/experiments/{id}. */
export async function updateNotesAction(input: { id: number; note: string; tags: string[] }) {
  return runAction(notesPatchBody.extend({ id }), input, async ({ id: experimentId, ...patch }) => {
    const experiment = await updateExperimentNotes({ id: experimentId, patch });
    return { note: experiment.note, tags: experiment.tags };
  });
}

/** The notes panel's Save on a trial's page (id: the trial's id): the use case of PATCH /api/v1/trials/{id}. */
export async function updateTrialNotesAction(input: { id: number; note: string; tags: string[] }) {
  return runAction(notesPatchBody.extend({ id }), input, async ({ id: trialId, ...patch }) => {
    const trial = await updateTrialNotes({ id: trialId, patch });
    return { note: trial.note, tags: trial.tags };
  });
}
