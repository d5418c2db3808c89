// deno-lint-ignore-file no-console
/**
 * The GitHub Action's shell steps (.github/action/install.sh and deploy.sh) run as action.yml
 * runs them, with a fake ecs-deploy binary, a release folder served by file:// URL and fake
 * GITHUB_OUTPUT, GITHUB_PATH and GITHUB_STEP_SUMMARY files.
 */
import assert from "node:assert/strict";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const INSTALL = `${ROOT}.github/action/install.sh`;
const DEPLOY = `${ROOT}.github/action/deploy.sh`;

function has(cmd: string): boolean {
  try {
    return new Deno.Command(cmd, { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

const missing = Deno.build.os === "windows"
  ? "the action's scripts are tested on Linux and macOS"
  : ["bash", "curl", "tar", "sed"].find((cmd) => !has(cmd));
if (missing) console.error(`Skipping the action tests: ${missing} is not available`);

/** A fake ecs-deploy: records its arguments, prints an event and the result as told (two
 * NDJSON lines) and exits as told. */
const FAKE = `#!/usr/bin/env bash
printf '%s\\n' "$@" >> "$FAKE_ARGS_FILE"
echo '{"event":"registered","taskDefinitionArn":"arn:aws:ecs:us-east-1:1:task-definition/api:8"}'
if [ -n "$FAKE_RESULT" ]; then printf '%s\\n' "$FAKE_RESULT"; fi
echo "progress on stderr" >&2
exit "$FAKE_EXIT"
`;

const SUCCEEDED = JSON.stringify({
  outcome: "succeeded",
  exitCode: 0,
  cluster: "prod",
  service: "api",
  taskDefinitionArn: "arn:aws:ecs:us-east-1:1:task-definition/api:8",
  previousTaskDefinitionArn: "arn:aws:ecs:us-east-1:1:task-definition/api:7",
  deploymentId: "ecs-svc/123",
  serviceDeploymentArn: null,
  reason: 'all 2 tasks run "api:8" | healthy',
  imageChanges: [],
  durationMs: 5,
});

async function bash(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command("bash", {
    args: [script],
    env: { PATH: Deno.env.get("PATH") ?? "", ...env },
    clearEnv: true,
    stdin: "null",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

async function sha256(path: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A release folder holding the fake binary's archive for Linux x64 and its SHA256SUMS. */
async function release(dir: string, version: string): Promise<string> {
  const folder = `${dir}/release`;
  await Deno.mkdir(`${folder}/pack`, { recursive: true });
  await Deno.writeTextFile(`${folder}/pack/ecs-deploy`, FAKE, { mode: 0o755 });
  const archive = `ecs-deploy-${version}-x86_64-unknown-linux-gnu.tar.gz`;
  const tar = await new Deno.Command("tar", {
    args: ["-C", `${folder}/pack`, "-czf", `${folder}/${archive}`, "ecs-deploy"],
  }).output();
  assert.equal(tar.code, 0);
  await Deno.writeTextFile(
    `${folder}/SHA256SUMS`,
    `${"0".repeat(64)}  ecs-deploy-${version}-aarch64-apple-darwin.tar.gz\n` +
      `${await sha256(`${folder}/${archive}`)}  ${archive}\n`,
  );
  return folder;
}

function outputs(text: string): Record<string, string> {
  return Object.fromEntries(
    text.trimEnd().split("\n").map((
      line,
    ) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

/** A test of the action's shell steps in a fresh temporary folder; skipped without bash etc. */
function actionTest(name: string, body: (dir: string) => Promise<void>): void {
  Deno.test({ name, ignore: missing !== undefined, fn: () => withDir(body) });
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "ecs-deploy-action-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function installEnv(dir: string, folder: string): Record<string, string> {
  return {
    RUNNER_OS: "Linux",
    RUNNER_ARCH: "X64",
    RUNNER_TEMP: `${dir}/tmp`,
    GITHUB_OUTPUT: `${dir}/install_output`,
    GITHUB_PATH: `${dir}/github_path`,
    ECS_DEPLOY_DOWNLOAD_URL: pathToFileURL(folder).href,
  };
}

actionTest(
  "install.sh verifies the archive for the runner against SHA256SUMS and installs it",
  async (dir) => {
    const folder = await release(dir, "1.4.0");
    await Deno.mkdir(`${dir}/tmp`);
    const run = await bash(INSTALL, installEnv(dir, folder));
    assert.equal(run.code, 0, run.stderr);
    const out = outputs(await Deno.readTextFile(`${dir}/install_output`));
    assert.equal(out.path, `${dir}/tmp/ecs-deploy-1.4.0-x86_64-unknown-linux-gnu/ecs-deploy`);
    assert.equal(out.version, "1.4.0");
    assert.equal(
      await Deno.readTextFile(`${dir}/github_path`),
      `${dir}/tmp/ecs-deploy-1.4.0-x86_64-unknown-linux-gnu\n`,
    );
    assert.equal(await Deno.readTextFile(out.path!), FAKE);
    assert.ok(((await Deno.stat(out.path!)).mode! & 0o111) !== 0, "the binary is executable");
  },
);

actionTest(
  "install.sh refuses an archive whose SHA-256 does not match and installs nothing",
  async (dir) => {
    const folder = await release(dir, "1.4.0");
    await Deno.writeTextFile(
      `${folder}/ecs-deploy-1.4.0-x86_64-unknown-linux-gnu.tar.gz`,
      "tampered",
    );
    await Deno.mkdir(`${dir}/tmp`);
    const run = await bash(INSTALL, installEnv(dir, folder));
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /::error title=ecs-deploy::Cannot install ecs-deploy: ".*" has SHA-256 [0-9a-f]{64}, but SHA256SUMS says [0-9a-f]{64}/,
    );
    assert.equal(await Deno.readTextFile(`${dir}/install_output`).catch(() => ""), "");
    const left = [];
    for await (const entry of Deno.readDir(`${dir}/tmp`)) left.push(entry.name);
    assert.deepEqual(left.filter((name) => name.startsWith("ecs-deploy-1")), []);
  },
);

actionTest("install.sh fails clearly on a runner without a release binary", async (dir) => {
  const folder = await release(dir, "1.4.0");
  const run = await bash(INSTALL, {
    ...installEnv(dir, folder),
    RUNNER_OS: "Windows",
    RUNNER_ARCH: "ARM64",
  });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /no release binary for runner Windows\/ARM64/);
});

async function deploy(
  dir: string,
  inputs: Record<string, string>,
  fake: { result: string; exit: number; env?: Record<string, string> },
) {
  await Deno.writeTextFile(`${dir}/ecs-deploy`, FAKE, { mode: 0o755 });
  const run = await bash(DEPLOY, {
    ECS_DEPLOY_BIN: `${dir}/ecs-deploy`,
    FAKE_ARGS_FILE: `${dir}/args`,
    FAKE_RESULT: fake.result,
    FAKE_EXIT: String(fake.exit),
    GITHUB_OUTPUT: `${dir}/output`,
    GITHUB_STEP_SUMMARY: `${dir}/summary`,
    ...fake.env,
    ...inputs,
  });
  return {
    ...run,
    args: (await Deno.readTextFile(`${dir}/args`)).trimEnd().split("\n"),
    outputs: outputs(await Deno.readTextFile(`${dir}/output`)),
    summary: await Deno.readTextFile(`${dir}/summary`),
  };
}

actionTest(
  "deploy.sh turns inputs into flags and publishes the JSON result as outputs",
  async (dir) => {
    const run = await deploy(dir, {
      INPUT_CLUSTER: "prod",
      INPUT_SERVICE: " api ",
      INPUT_IMAGE: "repo/api:8\n\n  repo/worker:8  \n",
      INPUT_CONTAINER_IMAGE: "sidecar=repo/envoy:1.30",
      INPUT_TIMEOUT: "900",
      INPUT_ROLLBACK: "true",
      INPUT_DESIRED_COUNT: "0",
      INPUT_ARGS: "--region eu-west-1\n--verbose",
    }, { result: SUCCEEDED, exit: 0 });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.args, [
      "--cluster",
      "prod",
      "--service-name",
      "api",
      "--image",
      "repo/api:8",
      "--image",
      "repo/worker:8",
      "--container-image",
      "sidecar=repo/envoy:1.30",
      "--timeout",
      "900",
      "--desired-count",
      "0",
      "--rollback",
      "--region",
      "eu-west-1",
      "--verbose",
      "--output",
      "json",
    ]);
    assert.deepEqual(run.outputs, {
      outcome: "succeeded",
      "exit-code": "0",
      "task-definition-arn": "arn:aws:ecs:us-east-1:1:task-definition/api:8",
      "previous-task-definition-arn": "arn:aws:ecs:us-east-1:1:task-definition/api:7",
      "deployment-id": "ecs-svc/123",
      result: SUCCEEDED,
      "rollback-outcome": "",
      diagnosis: "",
    });
    assert.match(run.summary, /^### ecs-deploy: `succeeded` \(exit 0\)\n/);
    assert.match(
      run.summary,
      /\| Task definition \| `arn:aws:ecs:us-east-1:1:task-definition\/api:8` \|/,
    );
    assert.match(run.summary, /\| Reason \| all 2 tasks run "api:8" \\\| healthy \|/);
    assert.doesNotMatch(run.summary, /\| (Diagnosis|Rollback) \|/);
    assert.match(run.stdout, /::group::ecs-deploy deploy: JSON output\n\{"event":"registered"/);
  },
);

const ARN = "arn:aws:ecs:us-east-1:1:task-definition/";
const GROUP_FAILED = JSON.stringify({
  group: true,
  outcome: "failed",
  exitCode: 1,
  cluster: "prod",
  reason: '2 services: 1 failed (worker), 1 succeeded; "worker": alarm | 5xx',
  durationMs: 9,
  revisions: [{ taskDefinitionArn: `${ARN}api:8`, members: ["api", "worker@jobs"] }],
  services: [
    {
      member: "api",
      service: "api",
      cluster: "prod",
      outcome: "succeeded",
      exitCode: 0,
      reason: "all 2 tasks run api:8",
      taskDefinitionArn: `${ARN}api:8`,
      previousTaskDefinitionArn: `${ARN}api:7`,
      deploymentId: "ecs-svc/1",
    },
    {
      member: "worker@jobs",
      service: "worker",
      cluster: "jobs",
      outcome: "failed",
      exitCode: 1,
      reason: "alarm | 5xx",
      taskDefinitionArn: `${ARN}api:8`,
      previousTaskDefinitionArn: `${ARN}api:7`,
      deploymentId: "ecs-svc/2",
    },
  ],
});

actionTest(
  "deploy.sh deploys every service listed, one per line, and writes a row per service",
  async (dir) => {
    const run = await deploy(dir, {
      INPUT_CLUSTER: "prod",
      INPUT_SERVICE: "api\n\n  worker@jobs \n",
      INPUT_IMAGE: "repo/api:8",
      INPUT_GROUP_ROLLBACK: "false",
    }, { result: GROUP_FAILED, exit: 1 });
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(run.args.slice(0, 6), [
      "--cluster",
      "prod",
      "--service-name",
      "api",
      "--service-name",
      "worker@jobs",
    ]);
    assert.ok(!run.args.includes("--group-rollback"));
    assert.equal(run.outputs.outcome, "failed");
    assert.equal(run.outputs["exit-code"], "1");
    assert.equal(run.outputs.result, GROUP_FAILED);
    assert.equal(run.outputs["task-definition-arn"], "", "no single revision for a group");
    assert.equal(
      run.summary,
      "### ecs-deploy: `failed` (exit 1)\n\n" +
        '2 services: 1 failed (worker), 1 succeeded; "worker": alarm \\| 5xx\n\n' +
        "| Service | Outcome | Revision | Reason |\n" +
        "| --- | --- | --- | --- |\n" +
        "| `api` | `succeeded` | api:7 -> api:8 |  |\n" +
        "| `worker@jobs` | `failed` | api:7 -> api:8 | alarm \\| 5xx |\n",
    );
  },
);

actionTest(
  "deploy.sh passes --group-rollback and refuses a group-rollback that is not a boolean",
  async (dir) => {
    const run = await deploy(dir, {
      INPUT_CLUSTER: "prod",
      INPUT_SERVICE: "api\nworker",
      INPUT_GROUP_ROLLBACK: "true",
    }, { result: GROUP_FAILED, exit: 1 });
    assert.ok(run.args.includes("--group-rollback"), run.args.join(" "));
    const bad = await bash(DEPLOY, {
      ECS_DEPLOY_BIN: "/nonexistent",
      INPUT_GROUP_ROLLBACK: "yes",
      GITHUB_OUTPUT: `${dir}/bad_output`,
    });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Invalid input group-rollback "yes": expected true or false/);
  },
);

actionTest("deploy.sh exits with the tool's exit code and reports a timeout", async (dir) => {
  const timedOut = JSON.stringify({
    outcome: "timed_out",
    exitCode: 3,
    cluster: "prod",
    service: "api",
    taskDefinitionArn: "arn:aws:ecs:us-east-1:1:task-definition/api:9",
    previousTaskDefinitionArn: "arn:aws:ecs:us-east-1:1:task-definition/api:8",
    deploymentId: "ecs-svc/456",
    reason: "deadline passed",
    diagnosis: {
      summary: "1 of 2 tasks running: 1 task still PENDING",
      stoppedTasks: [],
      events: [],
      unreadable: [],
    },
  });
  const run = await deploy(dir, { INPUT_CLUSTER: "prod", INPUT_SERVICE: "api" }, {
    result: timedOut,
    exit: 3,
  });
  assert.equal(run.code, 3);
  assert.deepEqual(run.args, [
    "--cluster",
    "prod",
    "--service-name",
    "api",
    "--output",
    "json",
  ]);
  assert.equal(run.outputs.outcome, "timed_out");
  assert.equal(run.outputs["exit-code"], "3");
  assert.equal(run.outputs["deployment-id"], "ecs-svc/456");
  assert.equal(run.outputs.diagnosis, "1 of 2 tasks running: 1 task still PENDING");
  assert.equal(run.outputs["rollback-outcome"], "");
  assert.match(run.summary, /`timed_out` \(exit 3\)/);
  assert.match(
    run.summary,
    /\n\| Diagnosis \| 1 of 2 tasks running: 1 task still PENDING \|\n/,
  );
});

actionTest(
  "deploy.sh reports invalid with empty fields when the tool prints no result",
  async (dir) => {
    const run = await deploy(dir, { INPUT_CLUSTER: "prod", INPUT_SERVICE: "api" }, {
      result: "",
      exit: 2,
    });
    assert.equal(run.code, 2);
    assert.equal(run.outputs.outcome, "invalid");
    assert.equal(run.outputs["task-definition-arn"], "");
    assert.equal(run.outputs.result, "");
    assert.match(run.summary, /ecs-deploy printed no result/);
  },
);

actionTest(
  "deploy.sh rejects a rollback input other than true or false without deploying",
  async (dir) => {
    await Deno.writeTextFile(`${dir}/ecs-deploy`, FAKE, { mode: 0o755 });
    const run = await bash(DEPLOY, {
      ECS_DEPLOY_BIN: `${dir}/ecs-deploy`,
      FAKE_ARGS_FILE: `${dir}/args`,
      GITHUB_OUTPUT: `${dir}/output`,
      INPUT_CLUSTER: "prod",
      INPUT_ROLLBACK: "yes",
    });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Invalid input rollback "yes": expected true or false/);
    assert.equal(await Deno.stat(`${dir}/args`).then(() => true, () => false), false);
  },
);

actionTest(
  "install.sh picks the release from the ref the action is used at, else the latest",
  async (dir) => {
    // A closed loopback proxy: the download fails at once and nothing leaves this machine.
    const offline = {
      RUNNER_OS: "Linux",
      RUNNER_ARCH: "X64",
      RUNNER_TEMP: dir,
      GITHUB_OUTPUT: `${dir}/output`,
      https_proxy: "http://127.0.0.1:9",
      HTTPS_PROXY: "http://127.0.0.1:9",
    };
    const atTag = await bash(INSTALL, {
      ...offline,
      GITHUB_ACTION_PATH: "/home/runner/work/_actions/acme/ecs-deploy/v1.4.0",
    });
    assert.equal(atTag.code, 1);
    assert.match(
      atTag.stderr,
      /download of "https:\/\/github\.com\/acme\/ecs-deploy\/releases\/download\/v1\.4\.0\/SHA256SUMS" failed/,
    );
    const atBranch = await bash(INSTALL, {
      ...offline,
      ACTION_REPOSITORY: "acme/ecs-deploy",
      ACTION_REF: "main",
    });
    assert.match(
      atBranch.stderr,
      /"https:\/\/github\.com\/acme\/ecs-deploy\/releases\/latest\/download\/SHA256SUMS"/,
    );
    const pinned = await bash(INSTALL, {
      ...offline,
      ACTION_REPOSITORY: "acme/ecs-deploy",
      ACTION_REF: "v1.4.0",
      INPUT_VERSION: "2.0.1",
    });
    assert.match(pinned.stderr, /\/releases\/download\/v2\.0\.1\/SHA256SUMS"/);
  },
);

/** A result of `--rollback`: ours failed, the tool rolled back to api:7 and diagnosed ours. The
 * diagnosis and the rollback hold keys of the same names as top-level ones. */
function rolledBackResult(rollback: { outcome: string; reason: string }, outcome: string) {
  return JSON.stringify({
    outcome,
    exitCode: 1,
    cluster: "prod",
    service: "api",
    taskDefinitionArn: "arn:aws:ecs:us-east-1:1:task-definition/api:8",
    previousTaskDefinitionArn: "arn:aws:ecs:us-east-1:1:task-definition/api:7",
    deploymentId: "ecs-svc/123",
    serviceDeploymentArn: null,
    reason: "2 tasks failed to start; rolled back from api:8 to api:7",
    imageChanges: [{ container: "web", from: "repo/api:7", to: "repo/api:8" }],
    durationMs: 5,
    diagnosis: {
      summary: '2 tasks stopped: essential container "web" exited with code 1 | "outcome"',
      stoppedTasks: [{
        taskArn: "arn:aws:ecs:us-east-1:1:task/prod/abc",
        taskDefinitionArn: "arn:aws:ecs:us-east-1:1:task-definition/api:8",
        stoppedReason: "Essential container in task exited",
        containers: [{ name: "web", exitCode: 1, reason: null }],
      }],
      events: [{
        at: "2025-01-01T00:00:00.000Z",
        message: "(service api) has reached a steady state.",
      }],
      unreadable: [],
    },
    rollback: {
      taskDefinitionArn: "arn:aws:ecs:us-east-1:1:task-definition/api:7",
      deploymentId: "ecs-svc/124",
      ...rollback,
    },
  });
}

actionTest(
  "deploy.sh with rollback true passes --rollback once and publishes the tool's rollback",
  async (dir) => {
    const result = rolledBackResult(
      { outcome: "succeeded", reason: "all 2 tasks run api:7" },
      "rolled_back",
    );
    const run = await deploy(dir, {
      INPUT_CLUSTER: "prod",
      INPUT_SERVICE: "api",
      INPUT_IMAGE: "repo/api:8",
      INPUT_TIMEOUT: "300",
      INPUT_ROLLBACK: " true ",
      INPUT_ARGS: "--region eu-west-1",
    }, { result, exit: 1 });
    assert.equal(run.code, 1, run.stderr);
    // The args file collects every run of the binary: exactly one, the deploy itself.
    assert.deepEqual(run.args, [
      "--cluster",
      "prod",
      "--service-name",
      "api",
      "--image",
      "repo/api:8",
      "--timeout",
      "300",
      "--rollback",
      "--region",
      "eu-west-1",
      "--output",
      "json",
    ]);
    assert.deepEqual(run.outputs, {
      outcome: "rolled_back",
      "exit-code": "1",
      "task-definition-arn": "arn:aws:ecs:us-east-1:1:task-definition/api:8",
      "previous-task-definition-arn": "arn:aws:ecs:us-east-1:1:task-definition/api:7",
      "deployment-id": "ecs-svc/123",
      result,
      "rollback-outcome": "succeeded",
      diagnosis: '2 tasks stopped: essential container "web" exited with code 1 | "outcome"',
    });
    assert.match(run.summary, /^### ecs-deploy: `rolled_back` \(exit 1\)\n/);
    assert.match(
      run.summary,
      /\n\| Diagnosis \| 2 tasks stopped: essential container "web" exited with code 1 \\\| "outcome" \|\n/,
    );
    assert.match(
      run.summary,
      /\n\| Rollback \| `succeeded` to `arn:aws:ecs:us-east-1:1:task-definition\/api:7` \|\n/,
    );
  },
);

actionTest(
  "deploy.sh reports a rollback that failed too, with its reason, and the tool's exit code",
  async (dir) => {
    const result = rolledBackResult(
      { outcome: "timed_out", reason: "deadline passed | 1/2 running" },
      "failed",
    );
    const run = await deploy(dir, {
      INPUT_CLUSTER: "prod",
      INPUT_SERVICE: "api",
      INPUT_ROLLBACK: "true",
    }, { result, exit: 1 });
    assert.equal(run.code, 1);
    assert.equal(run.outputs.outcome, "failed");
    assert.equal(run.outputs["rollback-outcome"], "timed_out");
    assert.match(
      run.summary,
      /\n\| Rollback \| `timed_out` to `[^`]*api:7`: deadline passed \\\| 1\/2 running \|\n/,
    );
  },
);

actionTest(
  "deploy.sh leaves rollback-outcome empty without rollback true or when ECS rolled back",
  async (dir) => {
    // ECS's circuit breaker rolled back: a rolled_back result with a diagnosis, no rollback.
    const byEcs = JSON.parse(rolledBackResult({ outcome: "x", reason: "x" }, "rolled_back"));
    delete byEcs.rollback;
    const run = await deploy(dir, { INPUT_CLUSTER: "prod", INPUT_SERVICE: "api" }, {
      result: JSON.stringify(byEcs),
      exit: 1,
    });
    assert.equal(run.code, 1);
    assert.ok(!run.args.includes("--rollback"), run.args.join(" "));
    assert.equal(run.outputs.outcome, "rolled_back");
    assert.equal(run.outputs["rollback-outcome"], "");
    assert.equal(run.outputs.diagnosis, byEcs.diagnosis.summary);
    assert.doesNotMatch(run.summary, /\| Rollback \|/);
  },
);
