// What a server action answers, and the shapes of the actions that pages hand to client components as
// props. Components never import app/ (lint forbids it): a page passes its actions down, so the page,
// which checks access, also decides which controls exist at all.

import type { NotesValue } from "./notes";
import type { LaunchedSlot } from "./worker";

export interface ActionError {
  code: string;
  message: string;
  path?: string;
  issues?: Array<{ path: string; message: string }>;
}

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

export type Action<I, O> = (input: I) => Promise<ActionResult<O>>;

export interface ShareLinkInfo {
  id: number;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** How many configurations one Suggest may ask for: the action's schema, the use case and the form read it. */
export const MAX_SUGGESTIONS = 20;

/** A configuration the sweep's optimizer would try next (Suggest), with the trial number an ask would give it. */
export interface SuggestedTrial {
  number: number;
  params: Record<string, string | number | boolean | null>;
}

/** The write actions of one experiment's page. */
export interface ExperimentActions {
  changeStatus: Action<{ id: number; action: string }, string>;
  extendBudget: Action<{ id: number; add: number }, number | null>;
  enqueueTrial: Action<{ id: number; params: unknown }, number>;
  suggestTrials: Action<{ id: number; count: number }, SuggestedTrial[]>;
  createShareLink: Action<{ id: number; viewState: Record<string, unknown>; expiresInHours: number | null }, { path: string; link: ShareLinkInfo }>;
  listShareLinks: Action<{ id: number }, ShareLinkInfo[]>;
  revokeShareLink: Action<{ id: number; linkId: number }, boolean>;
  launch: Action<{ id: number; slots: number }, LaunchedSlot[]>;
  recallLaunch: Action<{ id: number }, number>;
  updateNotes: NotesAction;
}

/** Sets the note and tags of the sweep or trial `id` (the PATCH routes' use cases). */
export type NotesAction = Action<{ id: number; note: string; tags: string[] }, NotesValue>;

export type RetryTrialAction = Action<{ trialId: number }, number>;
export type SetArchivedAction = Action<{ id: number; archived: boolean }, { status: string }>;
export interface TokenActions {
  createToken: Action<{ name: string; scopes: string[] }, { token: string; prefix: string }>;
  revokeToken: Action<{ id: number }, boolean>;
}
