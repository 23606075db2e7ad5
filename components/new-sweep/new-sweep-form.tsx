"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { AlgorithmField } from "./algorithm-field";
import { AUTO_SAMPLER, PRUNERS, SAMPLERS, templateText } from "./algorithms";
import { buildBody } from "./build-body";
import { CreatedPanel } from "./created-panel";
import { EXAMPLE_SPACE_YAML } from "./examples";
import { actionIssues, groupIssues } from "./issues";
import { NumberField } from "./number-field";
import { ObjectivesField } from "./objectives-field";
import { SpaceCard } from "./space-card";
import { readWandbHints } from "./space-source";
import { Card, Field, describedBy, inputClass, primaryButtonClass } from "./ui";
import { useSweepPreview } from "./use-space-preview";
import type { CreateAction, CreatedSweep, Issue, SweepFormState } from "./types";

const INITIAL: SweepFormState = {
  name: "",
  description: "",
  objectives: [{ metric: "val_loss", direction: "minimize" }],
  samplerType: AUTO_SAMPLER,
  samplerSettings: "{}",
  prunerType: "none",
  prunerSettings: "{}",
  maxTrials: "50",
  maxParallel: "4",
  maxRetries: "1",
  heartbeatGraceSec: "",
  seed: "",
  spaceFormat: "yaml",
  spaceText: EXAMPLE_SPACE_YAML,
  command: "",
};

interface SubmitFailure {
  /** The body that failed: its issues show until the user changes something. */
  key: string;
  issues: Issue[];
  message: string;
}

/** pythonWheel: the file name of the Python client's wheel this server serves (null: none), for the install line. */
export function NewSweepForm({ createAction, pythonWheel }: { createAction: CreateAction; pythonWheel: string | null }) {
  const [state, setState] = useState<SweepFormState>(INITIAL);
  const [failure, setFailure] = useState<SubmitFailure | null>(null);
  const [created, setCreated] = useState<{ sweep: CreatedSweep; origin: string } | null>(null);
  const set = (patch: Partial<SweepFormState>) => setState((s) => ({ ...s, ...patch }));

  const previewBody = buildBody(state, { preview: true });
  const preview = useSweepPreview(previewBody.body);
  const submitBody = buildBody(state);
  const submitKey = JSON.stringify(submitBody.body);
  const current = failure?.key === submitKey ? failure : null;

  const all = [...previewBody.localIssues, ...(preview.data?.issues ?? []), ...(current?.issues ?? [])];
  const byField = groupIssues(all);
  const problems = [...byField.values()].reduce((n, list) => n + list.length, 0);
  const at = (field: Parameters<typeof byField.get>[0]) => byField.get(field) ?? [];

  const create = useMutation({ mutationFn: (body: Record<string, unknown>) => createAction(body) });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (create.isPending) return;
    if (submitBody.localIssues.length > 0) {
      setFailure({ key: submitKey, issues: submitBody.localIssues, message: `Fix this first: ${submitBody.localIssues[0]!.path}: ${submitBody.localIssues[0]!.message}` });
      return;
    }
    create.mutate(submitBody.body, {
      onSuccess(result) {
        if (result.ok) {
          setFailure(null);
          setCreated({ sweep: result.data, origin: window.location.origin });
          window.scrollTo({ top: 0 });
        } else setFailure({ key: submitKey, issues: actionIssues(result.error), message: result.error.message });
      },
      onError(error) {
        setFailure({ key: submitKey, issues: [], message: `Could not reach the server: ${error.message}` });
      },
    });
  }

  const wandb = state.spaceFormat === "wandb";
  const other = at("other");
  const parallel = Math.min(2, Number(state.maxParallel) || 2);
  return (
    <>
      {created && <CreatedPanel sweep={created.sweep} origin={created.origin} parallel={parallel} pythonWheel={pythonWheel} onAnother={() => setCreated(null)} />}
      <form onSubmit={onSubmit} noValidate data-testid="new-sweep-form" hidden={created !== null} className="space-y-6" aria-label="New sweep">
        <div className="grid gap-6 lg:grid-cols-12">
          <div className="space-y-6 lg:col-span-5">
            <Card id="basics" title="Basics">
              <Field id="sweep-name" label="Name" issues={at("name")}>
                <input id="sweep-name" className={inputClass} value={state.name} placeholder={state.spaceFormat === "wandb" ? "the W&B config's name" : "mnist-mlp"} autoComplete="off" required={state.spaceFormat !== "wandb"} onChange={(e) => set({ name: e.target.value })} data-testid="sweep-name" {...describedBy("sweep-name", at("name"))} />
              </Field>
              <Field id="sweep-description" label="Description" issues={at("description")} hint="Optional. What this sweep is trying to find out.">
                <textarea id="sweep-description" className={inputClass} rows={2} value={state.description} onChange={(e) => set({ description: e.target.value })} data-testid="sweep-description" {...describedBy("sweep-description", at("description"), true)} />
              </Field>
              <Field id="sweep-command" label="Command" issues={at("command")} hint={wandb ? "Optional: blank takes the W&B config's command or program." : "Optional. What a launched worker (or an agent given no command) runs, e.g. python3 train.py ${args}: ${name} is one parameter, ${args} all of them as --name=value."}>
                <input id="sweep-command" className={`${inputClass} font-mono`} value={state.command} placeholder="python3 train.py ${args}" autoComplete="off" spellCheck={false} onChange={(e) => set({ command: e.target.value })} data-testid="sweep-command" {...describedBy("sweep-command", at("command"), true)} />
              </Field>
            </Card>
            <Card id="objective" title="Objective" description="The metric your script prints, and whether lower or higher is better.">
              <ObjectivesField objectives={state.objectives} onChange={(objectives) => set({ objectives })} issues={at("objective")} wandb={wandb} />
            </Card>
            <Card id="algorithms" title="Search algorithm" description="Settings are checked live; unknown keys and bad values are flagged.">
              <AlgorithmField
                kind="sampler"
                label="Sampler"
                options={SAMPLERS}
                type={state.samplerType}
                settings={state.samplerSettings}
                autoLabel={wandb ? "From the W&B method" : undefined}
                autoHelp={wandb ? "The config's method decides: bayes → TPE, random → random, grid → grid." : undefined}
                onChange={({ type, settings }) => set({ samplerType: type, samplerSettings: settings })}
                issues={at("sampler")}
              />
              <AlgorithmField kind="pruner" label="Pruner" options={PRUNERS} type={state.prunerType} settings={state.prunerSettings} onChange={({ type, settings }) => set({ prunerType: type, prunerSettings: settings })} issues={at("pruner")} />
            </Card>
            <Card id="budget" title="Budget and reliability">
              <div className="grid grid-cols-2 gap-4">
                <NumberField id="max-trials" label="Budget (max trials)" value={state.maxTrials} onChange={(maxTrials) => set({ maxTrials })} issues={at("maxTrials")} placeholder="unlimited" min={1} />
                <NumberField id="max-parallel" label="Parallel limit" value={state.maxParallel} onChange={(maxParallel) => set({ maxParallel })} issues={at("maxParallel")} placeholder="unlimited" min={1} hint="Running trials at once." />
                <NumberField id="max-retries" label="Retries per trial" value={state.maxRetries} onChange={(maxRetries) => set({ maxRetries })} issues={at("maxRetries")} placeholder="0" min={0} hint="A failed trial runs again with the same params." />
                <NumberField id="heartbeat-grace" label="Heartbeat grace (s)" value={state.heartbeatGraceSec} onChange={(heartbeatGraceSec) => set({ heartbeatGraceSec })} issues={at("heartbeatGraceSec")} placeholder="300" min={5} hint="Silent this long: the trial is marked failed." />
                <NumberField id="seed" label="Seed" value={state.seed} onChange={(seed) => set({ seed })} issues={at("seed")} placeholder="random" min={0} hint="Same seed, same suggestions." />
              </div>
            </Card>
          </div>
          <div className="lg:col-span-7">
            <SpaceCard
              text={state.spaceText}
              format={state.spaceFormat}
              onChange={({ text, format }) => set({ spaceText: text, spaceFormat: format })}
              onImportWandb={(source) => {
                const hints = readWandbHints(source);
                setState((s) => ({
                  ...s,
                  spaceText: source,
                  spaceFormat: "wandb",
                  samplerType: AUTO_SAMPLER,
                  objectives: hints.metric ? [{ metric: hints.metric.name, direction: hints.metric.goal }] : s.objectives,
                  maxTrials: hints.runCap !== undefined ? String(hints.runCap) : s.maxTrials,
                }));
              }}
              onUseNative={(yamlText) => {
                const hints = readWandbHints(state.spaceText);
                setState((s) => ({
                  ...s,
                  spaceText: yamlText,
                  spaceFormat: "yaml",
                  ...(s.samplerType === AUTO_SAMPLER && hints.sampler ? { samplerType: hints.sampler, samplerSettings: templateText(SAMPLERS.find((x) => x.value === hints.sampler)) } : {}),
                  ...(hints.metric && s.objectives.every((o) => o.metric.trim() === "") ? { objectives: [{ metric: hints.metric.name, direction: hints.metric.goal }] } : {}),
                }));
              }}
              issues={at("space")}
              preview={preview.data}
              previewError={preview.error}
              checking={preview.checking}
            />
          </div>
        </div>

        <div className="flex flex-wrap items-center justify-end gap-4 rounded-lg border border-slate-200 bg-white px-5 py-3 shadow-sm">
          {current && (
            <div role="alert" data-testid="form-error" className="mr-auto max-w-3xl rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
              <p className="font-medium">{current.issues.length > 0 && other.length === 0 ? `Could not create the sweep: ${current.issues.length === 1 ? "fix the marked field" : `fix the ${current.issues.length} marked problems`}.` : current.message}</p>
              {other.length > 0 && (
                <ul className="mt-1 list-disc pl-5 text-xs">
                  {other.map((issue) => (
                    <li key={`${issue.path}|${issue.message}`}>{issue.path ? `${issue.path}: ${issue.message}` : issue.message}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <p className="text-xs text-slate-500" aria-live="polite" data-testid="form-status">
            {preview.checking ? "Checking…" : problems > 0 ? `${problems} problem${problems === 1 ? "" : "s"} to fix` : preview.data?.ok ? "Ready to create" : ""}
          </p>
          <button type="submit" className={primaryButtonClass} disabled={create.isPending} data-testid="create-sweep">
            {create.isPending ? "Creating…" : "Create sweep"}
          </button>
        </div>
      </form>
    </>
  );
}
