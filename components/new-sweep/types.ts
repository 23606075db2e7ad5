export type SpaceFormat = "json" | "yaml" | "wandb";
export type Direction = "minimize" | "maximize";

/** One problem the server found, at a dotted path such as `space.optimizer.options[1].params.lr.low`. */
export interface Issue {
  path: string;
  message: string;
}

export interface ObjectiveRow {
  metric: string;
  direction: Direction;
}

/** Everything the user typed, kept as text so that nothing is lost when the server refuses it. */
export interface SweepFormState {
  name: string;
  description: string;
  objectives: ObjectiveRow[];
  samplerType: string;
  samplerSettings: string;
  prunerType: string;
  prunerSettings: string;
  maxTrials: string;
  maxParallel: string;
  maxRetries: string;
  heartbeatGraceSec: string;
  seed: string;
  spaceFormat: SpaceFormat;
  spaceText: string;
  /** The command trials run, as a shell line ("" for none); split into arguments by lib/shared/shell.ts. */
  command: string;
}

export interface CreatedSweep {
  id: number;
  name: string;
  token: string;
  objective: string;
  /** The command the sweep stores, or null: the agent line then names one. */
  command: string[] | null;
}

export type CreateResult =
  | { ok: true; data: CreatedSweep }
  | { ok: false; error: { code: string; message: string; path?: string; issues?: Issue[] } };

/** The server action, handed down by the page so that components never import from app/. */
export type CreateAction = (input: unknown) => Promise<CreateResult>;

export interface PreviewResult {
  ok: boolean;
  issues: Issue[];
  samples: Array<Record<string, string | number | boolean | null>>;
  space: unknown;
  /** What a W&B config held that has nothing to map onto here, with why. */
  warnings?: Issue[];
}
