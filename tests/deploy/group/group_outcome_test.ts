import assert from "node:assert/strict";
import { type Outcome, OUTCOMES_WORST_FIRST, worstOutcome } from "../../../src/deploy/outcome.ts";
import { groupOutcome, groupSummary, notStarted } from "../../../src/deploy/group/group_outcome.ts";
import type { MemberResult } from "../../../src/deploy/group/group_events.ts";

const member = (name: string, outcome: MemberResult["outcome"]): MemberResult => ({
  ...notStarted(name, { service: name, cluster: "prod" }, "why"),
  outcome,
});

Deno.test("worstOutcome() is succeeded for none and for all succeeded", () => {
  assert.equal(worstOutcome([]), "succeeded");
  assert.equal(worstOutcome(["succeeded", "succeeded"]), "succeeded");
});

Deno.test("worstOutcome() follows the documented order, whatever the order given", () => {
  assert.deepEqual(OUTCOMES_WORST_FIRST, [
    "cancelled",
    "error",
    "timed_out",
    "failed",
    "invalid",
    "rolled_back",
    "superseded",
    "paused",
    "succeeded",
  ]);
  for (let i = 0; i < OUTCOMES_WORST_FIRST.length; i++) {
    const rest: Outcome[] = OUTCOMES_WORST_FIRST.slice(i);
    assert.equal(worstOutcome(rest.reverse()), OUTCOMES_WORST_FIRST[i]);
  }
});

Deno.test("groupOutcome() ignores services not started, but not why they were not", () => {
  const members = [member("api", "succeeded"), member("worker", "not_started")];
  assert.equal(groupOutcome(members), "succeeded");
  assert.equal(groupOutcome(members, ["timed_out"]), "timed_out");
});

Deno.test("groupSummary() counts outcomes worst first and names what did not succeed", () => {
  const members = [
    member("api", "succeeded"),
    member("worker", "failed"),
    member("cron", "not_started"),
    member("web", "succeeded"),
  ];
  assert.equal(
    groupSummary(members),
    "4 services: 1 failed (worker), 1 not_started (cron), 2 succeeded",
  );
});
