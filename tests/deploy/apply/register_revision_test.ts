import assert from "node:assert/strict";
import { coversInput } from "../../../src/deploy/apply/register_revision.ts";

Deno.test("coversInput() ignores the defaults ECS adds and treats an empty list as absent", () => {
  const input = {
    family: "api",
    containerDefinitions: [{
      name: "web",
      image: "repo/api:2",
      portMappings: [{ containerPort: 80 }],
    }],
  };
  const registered = {
    family: "api",
    containerDefinitions: [{
      name: "web",
      image: "repo/api:2",
      portMappings: [{ containerPort: 80, hostPort: 80, protocol: "tcp" }],
      environment: [],
      mountPoints: [],
    }],
    volumes: [],
  };
  assert.equal(coversInput(registered, input), true);
  assert.equal(coversInput(registered, { ...input, volumes: [] }), true);
});

Deno.test("coversInput() tells another image, another order or a missing member apart", () => {
  const input = { family: "api", containerDefinitions: [{ name: "web", image: "repo/api:2" }] };
  const other = { family: "api", containerDefinitions: [{ name: "web", image: "repo/api:3" }] };
  assert.equal(coversInput(other, input), false);
  assert.equal(coversInput({ family: "api" }, input), false);
  assert.equal(
    coversInput(
      { a: [{ name: "x" }, { name: "y" }] },
      { a: [{ name: "y" }, { name: "x" }] },
    ),
    false,
  );
  assert.equal(coversInput({ cpu: "256" }, { cpu: 256 }), false);
});
