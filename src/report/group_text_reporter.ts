/**
 * Renders a group deploy for a person: each service's single-deploy output through its own
 * {@linkcode TextReporter} (prefixed lines, or one line of the live block per service), the
 * group's registrations and rollback, then a table with one row per service and the group's
 * outcome line.
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import type { GroupEvent, GroupResult, MemberResult } from "../deploy/mod.ts";
import { type Style, styleFor } from "./ansi.ts";
import { causeLines } from "./cause_chain.ts";
import { type GroupScreen, LiveGroupScreen, PlainGroupScreen } from "./group_screen.ts";
import { outcomeColor } from "./render_outcome.ts";
import type { Write } from "./reporter.ts";
import { formatElapsed, shortenNames, shortRevision } from "./short_names.ts";
import type { TerminalSettings } from "./terminal_settings.ts";
import { TextReporter, type TextReporterOptions } from "./text_reporter.ts";

/** What the group's text output needs. */
export interface GroupTextReporterOptions {
  stderr: Write;
  /** The registered revisions' ARNs, one per line, as a single deploy prints its one. */
  stdout: Write;
  clock: Clock;
  /** Every service of the group, as the engine names them, in order. */
  labels: string[];
  showPlan: boolean;
  /** Show environment values and secret references in the plans (`--dry-run --show-values`). */
  showValues?: boolean;
  githubActions?: boolean;
  verbose?: boolean;
  terminal?: TerminalSettings;
  connectionArgs?: string[];
  dryRun?: boolean;
}

/** The text output of a group deploy (stderr), and the registered ARNs (stdout). */
export class GroupTextReporter {
  readonly #options: GroupTextReporterOptions;
  readonly #screen: GroupScreen;
  readonly #style: Style;
  readonly #startedAt: number;
  readonly #members = new Map<string, TextReporter>();

  constructor(options: GroupTextReporterOptions) {
    this.#options = options;
    this.#startedAt = options.clock.now();
    const terminal = options.terminal ?? { live: false, color: false };
    this.#style = styleFor(terminal.color);
    const screen = {
      write: options.stderr,
      clock: options.clock,
      startedAt: this.#startedAt,
      labels: options.labels,
    };
    this.#screen = terminal.live
      ? new LiveGroupScreen({
        ...screen,
        columns: terminal.columns ?? (() => undefined),
        style: this.#style,
      })
      : new PlainGroupScreen(screen);
  }

  report(event: GroupEvent): void {
    switch (event.type) {
      case "member": {
        this.#member(event.member).report(event.event);
        if (event.event.type === "finished") {
          const { outcome } = event.event.result;
          this.#screen.ended(event.member, outcomeColor(outcome, this.#style)(outcome));
        }
        return;
      }
      case "group_registered":
        return this.#screen.line(
          `Registered ${shortRevision(event.taskDefinitionArn)} for ${event.members.join(", ")}`,
        );
      case "group_rollback_started":
        for (const member of event.members) this.#screen.ended(member, "rolling back");
        return this.#screen.line(
          `${this.#elapsed()} Rolling back the group (${event.reason}): ` +
            (event.members.length > 0 ? event.members.join(", ") : "no other service moved"),
        );
      case "group_finished":
        this.#screen.close();
        for (const member of this.#members.values()) member.close();
        this.#finished(event.result);
        if (this.#options.verbose) {
          for (const cause of causeLines(event.error)) this.#screen.line(`  ${cause}`);
        }
        return;
    }
  }

  close(): void {
    this.#screen.close();
    for (const member of this.#members.values()) member.close();
  }

  #member(label: string): TextReporter {
    let reporter = this.#members.get(label);
    if (!reporter) {
      const options: TextReporterOptions = {
        stderr: this.#options.stderr,
        // The group prints the registered revisions once, shared ones included.
        stdout: () => {},
        clock: this.#options.clock,
        showPlan: this.#options.showPlan,
        showValues: this.#options.showValues === true,
        verbose: this.#options.verbose === true,
        screen: this.#screen.member(label),
        ...(this.#options.terminal ? { terminal: this.#options.terminal } : {}),
        connectionArgs: this.#options.connectionArgs ?? [],
        dryRun: this.#options.dryRun === true,
      };
      reporter = new TextReporter(options);
      this.#members.set(label, reporter);
    }
    return reporter;
  }

  #elapsed(): string {
    return `[${formatElapsed(this.#options.clock.now() - this.#startedAt)}]`;
  }

  #finished(result: GroupResult): void {
    const line = (text: string) => this.#screen.line(text);
    // A table saying what the outcome line says for every service (a set-up error) adds nothing.
    const sameForAll = result.services.every((s) => s.reason === result.reason);
    if (result.services.length > 0 && !sameForAll) {
      for (const row of groupTable(result.services, this.#style)) line(row);
    }
    const color = outcomeColor(result.outcome, this.#style);
    const reason = shortenNames(result.reason);
    line(color(
      result.outcome === "invalid" && result.revisions.length === 0
        ? `error: ${reason} (exit ${result.exitCode})`
        : `${this.#elapsed()} ${
          groupHeadline(result, this.#options.dryRun === true)
        }: ${reason} (exit ${result.exitCode})`,
    ));
    if (result.outcome !== "succeeded" && this.#options.githubActions) {
      line(`::error title=ecs-deploy ${result.outcome}::${escapeCommand(result.reason)}`);
    }
    for (const revision of result.revisions) {
      this.#options.stdout(`${revision.taskDefinitionArn}\n`);
    }
  }
}

/** `Deployed 3 services`, `Deploy of 3 services failed`. */
function groupHeadline(result: GroupResult, dryRun: boolean): string {
  const count = result.services.length === 1 ? "1 service" : `${result.services.length} services`;
  switch (result.outcome) {
    case "succeeded":
      return dryRun ? `Dry run: would deploy ${count}` : `Deployed ${count}`;
    case "rolled_back":
      return `Rolled back ${count}`;
    case "cancelled":
      return `Deploy of ${count} was interrupted`;
    case "error":
      return `Deploy of ${count} hit an error`;
    default:
      return `Deploy of ${count} ${result.outcome.replace("_", " ")}`;
  }
}

/**
 * The per-service table: service, outcome, revisions (before -> after), and why, for the text
 * output and the GitHub step summary alike (as plain columns).
 */
export function groupTable(services: MemberResult[], style: Style = styleFor(false)): string[] {
  const rows = services.map((s) => [
    s.member,
    s.outcome,
    revisions(s),
    shortenNames(s.outcome === "succeeded" ? "" : s.reason),
  ]);
  const header = ["SERVICE", "OUTCOME", "REVISION", "REASON"];
  const widths = [0, 1, 2].map((i) =>
    Math.max(header[i]!.length, ...rows.map((r) => r[i]!.length))
  );
  const format = (cells: string[], color = (text: string) => text) =>
    cells.map((cell, i) => {
      const padded = i < 3 ? cell.padEnd(widths[i]!) : cell;
      return i === 1 ? color(padded) : padded;
    }).join("  ").trimEnd();
  return [
    format(header),
    ...rows.map((row, i) =>
      format(
        row,
        (text) => outcomeColor(services[i]!.outcome as GroupResult["outcome"], style)(text),
      )
    ),
  ];
}

/** `api:1 -> api:2`, and `-> api:1` after it when it went back there. */
function revisions(member: MemberResult): string {
  const before = member.previousTaskDefinitionArn;
  const tried = member.taskDefinitionArn;
  if (!before) return tried ? shortRevision(tried) : "-";
  if (!tried || tried === before) return shortRevision(before);
  const backTo = member.groupRollback?.outcome === "succeeded"
    ? member.groupRollback.taskDefinitionArn
    : member.rollback?.outcome === "succeeded"
    ? member.rollback.taskDefinitionArn
    : member.outcome === "rolled_back"
    ? before
    : undefined;
  return `${shortRevision(before)} -> ${shortRevision(tried)}` +
    (backTo ? ` -> ${shortRevision(backTo)}` : "");
}

/** Workflow command data escaping, as GitHub Actions defines it. */
function escapeCommand(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}
