import type { DeployEvent } from "../deploy/deploy_events.ts";
import type { DeployPlan } from "../deploy/plan_deploy.ts";
import type { Reporter, Write } from "./reporter.ts";

/**
 * Renders a deploy as NDJSON on stdout: one object per event, `{"event": "<type>", ...}`, and
 * last the result object itself, so `tail -n 1` of the output is the result.
 */
export class JsonReporter implements Reporter {
  readonly #stdout: Write;
  readonly #showPlan: boolean;

  /**
   * With `showPlan` (a dry run), `planned` carries the full task definitions and requests;
   * otherwise only what changes, so CI logs do not collect every environment value.
   */
  constructor(stdout: Write, options: { showPlan: boolean }) {
    this.#stdout = stdout;
    this.#showPlan = options.showPlan;
  }

  report(event: DeployEvent): void {
    const { type, ...body } = event;
    let line: object;
    if (event.type === "finished") line = event.result;
    else if (event.type === "planned" && !this.#showPlan) {
      line = { event: type, plan: planSummary(event.plan) };
    } else line = { event: type, ...body };
    this.#stdout(`${JSON.stringify(line)}\n`);
  }
}

function planSummary(plan: DeployPlan) {
  return {
    cluster: plan.cluster,
    service: plan.service ?? null,
    currentTaskDefinitionArn: plan.current.taskDefinition.taskDefinitionArn,
    registersRevision: plan.nextTaskDefinition !== undefined,
    targetTaskDefinitionArn: plan.targetTaskDefinitionArn ?? null,
    imageChanges: plan.imageChanges,
    serviceUpdate: plan.serviceUpdate ?? null,
  };
}
