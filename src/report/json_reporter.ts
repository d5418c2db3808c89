import type { DeployEvent } from "../deploy/deploy_events.ts";
import type { Reporter, Write } from "./reporter.ts";

/**
 * Renders a deploy as NDJSON on stdout: one object per event, `{"event": "<type>", ...}`, and
 * last the result object itself, so `tail -n 1` of the output is the result.
 */
export class JsonReporter implements Reporter {
  readonly #stdout: Write;

  constructor(stdout: Write) {
    this.#stdout = stdout;
  }

  report(event: DeployEvent): void {
    const { type, ...body } = event;
    const line = event.type === "finished" ? event.result : { event: type, ...body };
    this.#stdout(`${JSON.stringify(line)}\n`);
  }
}
