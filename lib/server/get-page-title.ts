import "server-only";
import { findExperiment } from "@/lib/db/experiments";
import { findTrialByNumber } from "@/lib/db/trials";
import { AppError } from "@/lib/http/errors";
import { dashboardAccess, resolveShareToken } from "./dashboard-access";
import { currentSessionId } from "./sessions";

/**
 * The name of an experiment for a page's <title>, or null when the visitor may not read it (the page
 * itself then redirects to sign in) or it (or the trial asked for) does not exist (the page answers 404). A share link's token
 * reads its own experiment's name only.
 */
export async function getExperimentTitle(opts: { id: number; trialNumber?: number } | { shareToken: string }): Promise<string | null> {
  try {
    let id: number;
    if ("shareToken" in opts) id = (await resolveShareToken(opts.shareToken)).experimentId;
    else {
      const access = await dashboardAccess({ sessionId: await currentSessionId() });
      if (access.kind !== "full") return null;
      id = opts.id;
    }
    const experiment = await findExperiment(id);
    // A trial page's title: null when the trial does not exist either (the page answers 404).
    if (experiment && "trialNumber" in opts && opts.trialNumber !== undefined && !(await findTrialByNumber(id, opts.trialNumber))) return null;
    return experiment?.name ?? null;
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
}
