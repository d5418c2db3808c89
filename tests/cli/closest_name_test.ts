import assert from "node:assert/strict";
import { closestName } from "../../src/cli/closest_name.ts";

const COMMANDS = ["deploy", "rollback", "status", "wait", "emulator", "completions", "help"];

Deno.test("closestName() finds the command a typo means", () => {
  assert.equal(closestName("stauts", COMMANDS), "status");
  assert.equal(closestName("rollbak", COMMANDS), "rollback");
  assert.equal(closestName("deplyo", COMMANDS), "deploy");
  assert.equal(closestName("wiat", COMMANDS), "wait");
  assert.equal(closestName("Status", COMMANDS), "status");
});

Deno.test("closestName() suggests nothing for a word that is far from every name", () => {
  assert.equal(closestName("prod", COMMANDS), undefined);
  assert.equal(closestName("nginx:1.27", COMMANDS), undefined);
  assert.equal(closestName("x", COMMANDS), undefined);
});
