/**
 * The "secrets in every mode" category of the adversarial run, kept as a suite: a service whose
 * task definition holds environment values and secret references is deployed, dry-run, rolled
 * back, waited for and shown in every output mode and verbosity; no value may appear anywhere
 * in stdout or stderr, unless a dry run is asked `--show-values`. The `-s` secret key never
 * appears at all.
 *
 * @module
 */
import assert from "node:assert/strict";
import { SimulatedEcsClient } from "../../src/simulator/simulated_ecs_client.ts";
import {
  aSimulatedWorld,
  DEMO_IMAGE,
  settle,
  startDeployment,
} from "../support/simulated_world.ts";
import { runCliForTest } from "../support/run_cli_for_test.ts";
import { OciRegistryResolver } from "../../src/registry/oci_registry_resolver.ts";
import { parseDockerConfig } from "../../src/registry/docker_config_auth.ts";
import type { CliDeps } from "../../src/cli/cli_deps.ts";
import { startRegistryStandIn } from "../support/registry_stand_in.ts";

/** Values that must never be printed, each in a different member of the task definition. */
const SECRETS = {
  environment: "hunter2-env-value",
  otherEnvironment: "postgres://app:pw-in-url@db:5432/app",
  secretReference: "arn:aws:ssm:us-east-1:123456789012:parameter/prod/api/stripe-key",
  registryCredentials: "arn:aws:secretsmanager:us-east-1:123456789012:secret:registry-AbCdEf",
  logSecret: "arn:aws:ssm:us-east-1:123456789012:parameter/prod/splunk-token",
};
const SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/** The demo service, moved to a revision (api:2) that holds every kind of secret. */
async function aWorldWithSecrets(image = `${DEMO_IMAGE}:1.27`) {
  const world = await aSimulatedWorld();
  const direct = new SimulatedEcsClient(world.sim);
  const { taskDefinition } = await direct.registerTaskDefinition({
    family: "api",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    executionRoleArn: "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
    containerDefinitions: [{
      name: "web",
      image,
      essential: true,
      environment: [
        { name: "DB_PASSWORD", value: SECRETS.environment },
        { name: "DATABASE_URL", value: SECRETS.otherEnvironment },
      ],
      secrets: [{ name: "STRIPE_KEY", valueFrom: SECRETS.secretReference }],
      repositoryCredentials: { credentialsParameter: SECRETS.registryCredentials },
      logConfiguration: {
        logDriver: "splunk",
        options: { "splunk-url": "https://splunk.example.com:8088" },
        secretOptions: [{ name: "splunk-token", valueFrom: SECRETS.logSecret }],
      },
    }],
  });
  await startDeployment(world, taskDefinition.taskDefinitionArn);
  await settle(world);
  return world;
}

const TARGET = ["-c", "demo", "-n", "api"];
const CREDENTIALS = ["-k", "AKIDEXAMPLE", "-s", SECRET_KEY];

/** [name, argv]: every mode that may print a plan, a result or an error. */
const MODES: [string, string[]][] = [];
for (
  const [command, base] of [
    ["deploy", [...TARGET, "-i", `${DEMO_IMAGE}:1.28`]],
    ["deploy --no-wait", [...TARGET, "-i", `${DEMO_IMAGE}:1.28`, "--no-wait"]],
    ["deploy -D", [...TARGET, "-D", "3"]],
    ["deploy --dry-run", [...TARGET, "-i", `${DEMO_IMAGE}:1.28`, "--dry-run"]],
    ["deploy -d --dry-run", ["-c", "demo", "-d", "api", "--tag", "9", "--dry-run"]],
    ["deploy of an image that fails", [...TARGET, "-i", `${DEMO_IMAGE}:fail-pull`]],
    ["deploy --rollback of an image that crashes", [
      ...TARGET,
      "-i",
      `${DEMO_IMAGE}:crash`,
      "--rollback",
    ]],
    ["deploy to a missing cluster", ["-c", "nope", "-n", "api", "-i", `${DEMO_IMAGE}:1.28`]],
    ["rollback", ["rollback", ...TARGET]],
    ["rollback --dry-run", ["rollback", ...TARGET, "--dry-run"]],
    ["wait", ["wait", ...TARGET]],
    ["status", ["status", ...TARGET]],
  ] as const
) {
  for (const output of ["text", "json"]) {
    for (const verbosity of [[], ["-v"]]) {
      MODES.push([
        `${command} --output ${output} ${verbosity.join(" ")}`.trimEnd(),
        [...base, "--output", output, ...verbosity, ...CREDENTIALS],
      ]);
    }
  }
}

for (const [name, argv] of MODES) {
  Deno.test(`secrets: ${name} prints no environment value or secret reference`, async () => {
    const world = await aWorldWithSecrets();
    const run = await runCliForTest(argv, { ecs: world.ecs, clock: world.clock });
    const printed = `${run.stdout}\n${run.stderr}`;
    assert.ok(run.exitCode !== 4, `exit ${run.exitCode}\n${printed}`);
    for (const [what, value] of Object.entries(SECRETS)) {
      assert.ok(!printed.includes(value), `${what} was printed:\n${printed}`);
    }
    assert.ok(!printed.includes(SECRET_KEY), `the secret key was printed:\n${printed}`);
    assert.ok(!printed.includes("pw-in-url"), printed);
  });
}

Deno.test("secrets: a masked plan still names every variable and shows what is masked", async () => {
  const world = await aWorldWithSecrets();
  const run = await runCliForTest([...TARGET, "-i", `${DEMO_IMAGE}:1.28`, "-v"], {
    ecs: world.ecs,
    clock: world.clock,
  });
  assert.equal(run.exitCode, 0, run.stderr);
  assert.match(run.stderr, /RegisterTaskDefinition request:/);
  assert.match(run.stderr, /"name": "DB_PASSWORD",\n\s+"value": "\(masked\)"/);
  assert.match(run.stderr, /"valueFrom": "\(masked\)"/);
  assert.match(run.stderr, /"credentialsParameter": "\(masked\)"/);
});

Deno.test("secrets: --dry-run --show-values shows the values, in text and in JSON", async () => {
  const world = await aWorldWithSecrets();
  for (const output of ["text", "json"]) {
    const run = await runCliForTest(
      [...TARGET, "-i", `${DEMO_IMAGE}:1.28`, "--dry-run", "--show-values", "--output", output],
      { ecs: world.ecs, clock: world.clock },
    );
    assert.equal(run.exitCode, 0, run.stderr);
    const shown = output === "json" ? run.stdout : run.stderr;
    for (const [what, value] of Object.entries(SECRETS)) {
      assert.ok(shown.includes(JSON.stringify(value).slice(1, -1)), `${output}: ${what} missing`);
    }
  }
  const rollback = await runCliForTest(
    ["rollback", ...TARGET, "--dry-run", "--show-values", "--output", "json"],
    { ecs: world.ecs, clock: world.clock },
  );
  assert.equal(rollback.exitCode, 0, rollback.stderr);
  assert.ok(rollback.stdout.includes(SECRETS.environment), "the current revision's values");
});

Deno.test("secrets: --show-values is refused without --dry-run, before any call", async () => {
  const world = await aWorldWithSecrets();
  world.calls.length = 0;
  for (
    const argv of [
      [...TARGET, "-i", `${DEMO_IMAGE}:1.28`, "--show-values", "-v"],
      ["rollback", ...TARGET, "--show-values"],
    ]
  ) {
    const run = await runCliForTest(argv, { ecs: world.ecs, clock: world.clock });
    assert.equal(run.exitCode, 2, run.stderr);
    assert.match(run.stderr, /Option --show-values needs --dry-run/);
    assert.ok(!`${run.stdout}${run.stderr}`.includes(SECRETS.environment));
  }
  assert.deepEqual(world.calls, []);
});

/** Values given through the edit flags, which must be masked like those of the revision. */
const GIVEN = {
  env: "given-env-hunter3",
  secret: "arn:aws:secretsmanager:us-east-1:123456789012:secret:given-ref-AbCdEf",
  fromFile: "file-value-hunter4",
  badEnv: "bad-env-hunter5",
  badSecret: "arn:aws:ssm:us-east-1:123456789012:parameter/bad ref hunter6",
  badLine: "stray-line-hunter7",
  afterQuote: "after-quote-hunter8",
};

Deno.test("secrets: values given by -e, --secret and --env-file are never printed, in any mode", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/prod.env`;
  await Deno.writeTextFile(file, `FROM_FILE=${GIVEN.fromFile}\n`);
  const edits = [
    "-e",
    "web",
    `GIVEN_ENV=${GIVEN.env}`,
    "--secret",
    "web",
    `GIVEN_SECRET=${GIVEN.secret}`,
    "--env-file",
    "web",
    file,
  ];
  for (const mode of [[], ["--dry-run"], ["--no-wait"]]) {
    for (const output of ["text", "json"]) {
      for (const verbosity of [[], ["-v"]]) {
        const world = await aWorldWithSecrets();
        const argv = [...TARGET, ...edits, ...mode, "--output", output, ...verbosity];
        const run = await runCliForTest(argv, { ecs: world.ecs, clock: world.clock });
        const printed = `${run.stdout}\n${run.stderr}`;
        assert.equal(run.exitCode, 0, `${argv.join(" ")}\n${printed}`);
        for (const [what, value] of Object.entries({ ...SECRETS, ...GIVEN })) {
          assert.ok(
            !printed.includes(value),
            `${argv.join(" ")}: ${what} was printed:\n${printed}`,
          );
        }
      }
    }
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("secrets: an edit flag or env file refused as malformed does not print its value", async () => {
  const dir = await Deno.makeTempDir();
  const badLine = `${dir}/bad-line.env`;
  await Deno.writeTextFile(badLine, `A=1\n${GIVEN.badLine}\n`);
  const afterQuote = `${dir}/after-quote.env`;
  await Deno.writeTextFile(afterQuote, `A="x"${GIVEN.afterQuote}\n`);
  for (
    const edit of [
      ["-e", "web", `BAD KEY=${GIVEN.badEnv}`],
      ["--secret", "web", `K=${GIVEN.badSecret}`],
      ["--env-file", "web", badLine],
      ["--env-file", "web", afterQuote],
    ]
  ) {
    for (const output of ["text", "json"]) {
      const world = await aWorldWithSecrets();
      const argv = [...TARGET, ...edit, "--output", output, "-v"];
      const run = await runCliForTest(argv, { ecs: world.ecs, clock: world.clock });
      const printed = `${run.stdout}\n${run.stderr}`;
      assert.equal(run.exitCode, 2, `${argv.join(" ")}\n${printed}`);
      assert.match(run.stderr, /Invalid option (-e, --env|--secret|--env-file)/);
      for (const [what, value] of Object.entries(GIVEN)) {
        assert.ok(!printed.includes(value), `${argv.join(" ")}: ${what} was printed:\n${printed}`);
      }
    }
  }
  await Deno.remove(dir, { recursive: true });
});

const REGISTRY_PASSWORD = "registry-pw-hunter9";

/**
 * The resolver main.ts makes for a registry that is not ECR, with the -v log lines it would
 * write collected in `logged`.
 */
function registryResolver(logged: string[]): CliDeps["createImageResolver"] {
  return async ({ registryAuthFile }) => {
    const auths = registryAuthFile === undefined
      ? undefined
      : parseDockerConfig(await Deno.readTextFile(registryAuthFile), registryAuthFile);
    return new OciRegistryResolver({
      ...(auths ? { auths } : {}),
      logger: (line) => logged.push(line),
    });
  };
}

Deno.test("secrets: --registry-auth credentials and bearer tokens are never printed, in any mode", async () => {
  const manifest = {
    body: '{"schemaVersion":2}',
    mediaType: "application/vnd.oci.image.manifest.v1+json",
  };
  const standIn = startRegistryStandIn({
    auth: "bearer",
    users: { ci: REGISTRY_PASSWORD },
    manifests: { "app:1": manifest, "app:2": manifest },
  });
  const dir = await Deno.makeTempDir();
  try {
    const config = (password: string) =>
      JSON.stringify({ auths: { [standIn.host]: { auth: btoa(`ci:${password}`) } } });
    await Deno.writeTextFile(`${dir}/good.json`, config(REGISTRY_PASSWORD));
    await Deno.writeTextFile(`${dir}/wrong.json`, config(`${REGISTRY_PASSWORD}-wrong`));
    const cases: [string[], number][] = [
      [["-i", `${standIn.host}/app:2`, "--pin-digests", "--registry-auth", `${dir}/good.json`], 0],
      // The simulated tasks know digests of the simulated ECR only: verification fails (exit 1).
      [
        ["-i", `${standIn.host}/app:2`, "--verify-digests", "--registry-auth", `${dir}/good.json`],
        1,
      ],
      [[
        "-i",
        `${standIn.host}/app:2`,
        "--pin-digests",
        "--dry-run",
        "--registry-auth",
        `${dir}/good.json`,
      ], 0],
      [["-i", `${standIn.host}/app:3`, "--pin-digests", "--registry-auth", `${dir}/good.json`], 2],
      [["-i", `${standIn.host}/app:2`, "--pin-digests", "--registry-auth", `${dir}/wrong.json`], 2],
    ];
    for (const [flags, exitCode] of cases) {
      for (const output of ["text", "json"]) {
        for (const verbosity of [[], ["-v"]]) {
          const world = await aWorldWithSecrets(`${standIn.host}/app:1`);
          const logged: string[] = [];
          const argv = [...TARGET, ...flags, "--output", output, ...verbosity];
          const run = await runCliForTest(argv, {
            ecs: world.ecs,
            clock: world.clock,
            createImageResolver: registryResolver(logged),
          });
          const printed = `${run.stdout}\n${run.stderr}\n${logged.join("\n")}`;
          assert.equal(run.exitCode, exitCode, `${argv.join(" ")}\n${printed}`);
          assert.ok(logged.length > 0, "the registry was asked");
          for (
            const value of [
              REGISTRY_PASSWORD,
              btoa(`ci:${REGISTRY_PASSWORD}`),
              "stand-in-token",
              ...Object.values(SECRETS),
            ]
          ) {
            assert.ok(
              !printed.includes(value),
              `${argv.join(" ")}: ${value} was printed:\n${printed}`,
            );
          }
        }
      }
    }
  } finally {
    await standIn.close();
    await Deno.remove(dir, { recursive: true });
  }
});
