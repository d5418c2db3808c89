import type { DeployEvent, DeployPlan } from "../deploy/mod.ts";
import { maskEditChange, maskPlan } from "./mask_secrets.ts";
import type { Reporter, Write } from "./reporter.ts";

/**
 * Renders a deploy as NDJSON on stdout: one object per event, `{"event": "<type>", ...}`, and
 * last the result object itself, so `tail -n 1` of the output is the result.
 */
export class JsonReporter implements Reporter {
  readonly #stdout: Write;
  readonly #showPlan: boolean;
  readonly #showValues: boolean;

  /**
   * With `showPlan` (a dry run, or `-v`), `planned` carries the full task definitions and
   * requests; otherwise only what changes. Environment values and secret references are masked
   * either way, unless `showValues` (`--dry-run --show-values`).
   */
  constructor(stdout: Write, options: { showPlan: boolean; showValues?: boolean }) {
    this.#stdout = stdout;
    this.#showPlan = options.showPlan;
    this.#showValues = options.showValues === true;
  }

  report(event: DeployEvent): void {
    const { type, ...body } = event;
    let line: object;
    if (event.type === "finished") line = event.result;
    else if (event.type === "planned" && !this.#showPlan) {
      line = { event: type, plan: planSummary(event.plan, this.#showValues) };
    } else if (event.type === "planned") {
      line = { event: type, plan: this.#showValues ? event.plan : maskPlan(event.plan) };
    } else line = { event: type, ...body };
    this.#stdout(`${JSON.stringify(line)}\n`);
  }
}

function planSummary(plan: DeployPlan, showValues: boolean) {
  return {
    cluster: plan.cluster,
    service: plan.service ?? null,
    currentTaskDefinitionArn: plan.current.taskDefinition.taskDefinitionArn,
    registersRevision: plan.nextTaskDefinition !== undefined,
    targetTaskDefinitionArn: plan.targetTaskDefinitionArn ?? null,
    imageChanges: plan.imageChanges,
    edits: (plan.edits ?? []).map((change) => showValues ? change : maskEditChange(change)),
    nothingToDeploy: plan.nothingToDeploy ?? null,
    ...(plan.digests ? { digests: plan.digests } : {}),
    serviceUpdate: plan.serviceUpdate ?? null,
  };
}
