import type { GroupEvent } from "../deploy/mod.ts";
import { JsonReporter } from "./json_reporter.ts";
import type { Write } from "./reporter.ts";

/**
 * Renders a group deploy as NDJSON on stdout: each service's events as its single deploy
 * writes them (plans masked alike) with `"member"` added, each service's result as an
 * `"event": "service_result"` line, the group's own events, and last the group result itself
 * (`"group": true`), so `tail -n 1` is the group's verdict.
 */
export class GroupJsonReporter {
  readonly #stdout: Write;
  readonly #options: { showPlan: boolean; showValues?: boolean };

  constructor(stdout: Write, options: { showPlan: boolean; showValues?: boolean }) {
    this.#stdout = stdout;
    this.#options = options;
  }

  report(event: GroupEvent): void {
    switch (event.type) {
      case "member": {
        const head = event.event.type === "finished"
          ? { event: "service_result", member: event.member }
          : { member: event.member };
        // The member's line as a single deploy writes it, with the group's members in front.
        const prefix = JSON.stringify(head).slice(0, -1) + ",";
        new JsonReporter((line) => this.#stdout(line.replace(/^\{/, prefix)), this.#options)
          .report(event.event);
        return;
      }
      case "group_finished":
        return this.#stdout(`${JSON.stringify(event.result)}\n`);
      default: {
        const { type, ...body } = event;
        return this.#stdout(`${JSON.stringify({ event: type, ...body })}\n`);
      }
    }
  }
}
