import assert from "node:assert/strict";
import {
  awsReadPaths,
  binaryName,
  compileArgs,
  EKS_TOKEN_FILES,
  RELEASE_TARGETS,
  sharedConfigFile,
  targetOs,
} from "../../scripts/lib/compile_flags.ts";
import { compileFailureMessage } from "../../scripts/lib/run_command.ts";

Deno.test("awsReadPaths() lists the shared files, SSO and login caches under the home folder", () => {
  assert.deepEqual(awsReadPaths({ env: { HOME: "/home/ada" }, os: "darwin" }), [
    "/home/ada/.aws/config",
    "/home/ada/.aws/credentials",
    "/home/ada/.aws/sso/cache",
    "/home/ada/.aws/login/cache",
  ]);
});

Deno.test("awsReadPaths() adds the EKS token mounts on Linux only", () => {
  const linux = awsReadPaths({ env: { HOME: "/root" }, os: "linux" });
  assert.deepEqual(linux.slice(-2), [...EKS_TOKEN_FILES]);
  const mac = awsReadPaths({ env: { HOME: "/root" }, os: "darwin" });
  assert.equal(mac.some((p) => p.startsWith("/var/run/secrets")), false);
});

Deno.test("awsReadPaths() follows the variables that move the files", () => {
  const paths = awsReadPaths({
    env: {
      HOME: "/home/ada",
      AWS_CONFIG_FILE: "/etc/aws/config",
      AWS_SHARED_CREDENTIALS_FILE: "~/creds",
      AWS_WEB_IDENTITY_TOKEN_FILE: "/run/token",
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: "/run/pod-token",
      AWS_LOGIN_CACHE_DIRECTORY: "/cache/login",
    },
    os: "darwin",
  });
  assert.deepEqual(paths, [
    "/etc/aws/config",
    "/home/ada/creds",
    "/home/ada/.aws/sso/cache",
    "/cache/login",
    "/run/token",
    "/run/pod-token",
  ]);
});

Deno.test("awsReadPaths() adds web_identity_token_file entries of profiles, once each", () => {
  const configText = [
    "[profile ci]",
    "role_arn = arn:aws:iam::1:role/ci",
    "web_identity_token_file = /var/token one",
    "[profile other]",
    "  web_identity_token_file=/var/token one  ",
    "web_identity_token_file = /srv/t2",
  ].join("\r\n");
  const paths = awsReadPaths({ env: { HOME: "/h" }, os: "darwin", configText });
  assert.deepEqual(paths.slice(4), ["/var/token one", "/srv/t2"]);
});

Deno.test("awsReadPaths() finds a Windows home from USERPROFILE or HOMEDRIVE and HOMEPATH", () => {
  const fromProfile = awsReadPaths({ env: { USERPROFILE: "C:\\Users\\ada" }, os: "windows" });
  assert.equal(fromProfile[0], "C:\\Users\\ada\\.aws\\config");
  const fromDrive = awsReadPaths({
    env: { HOMEDRIVE: "D:", HOMEPATH: "\\Users\\bob" },
    os: "windows",
  });
  assert.equal(fromDrive[1], "D:\\Users\\bob\\.aws\\credentials");
});

Deno.test("awsReadPaths() fails without any home folder", () => {
  assert.throws(() => awsReadPaths({ env: {}, os: "linux" }), /Cannot find the home folder/);
});

Deno.test("sharedConfigFile() is the first readable path", () => {
  const env = { HOME: "/home/ada", AWS_CONFIG_FILE: "~/cfg" };
  assert.equal(sharedConfigFile(env, "linux"), "/home/ada/cfg");
  assert.equal(awsReadPaths({ env, os: "linux" })[0], "/home/ada/cfg");
});

Deno.test("compileArgs() grants net, env, the SDK's sys info and exactly the listed reads", () => {
  assert.deepEqual(
    compileArgs({
      entry: "main.ts",
      output: "dist/ecs-deploy",
      read: { kind: "paths", paths: ["/h/.aws/config", "/h/.aws/credentials"] },
    }),
    [
      "compile",
      "--no-check",
      "--no-prompt",
      "--allow-net",
      "--allow-env",
      "--allow-sys=osRelease,homedir,uid",
      "--allow-read=/h/.aws/config,/h/.aws/credentials",
      "--output",
      "dist/ecs-deploy",
      "main.ts",
    ],
  );
});

Deno.test("compileArgs() passes the target and grants any read for portable binaries", () => {
  const args = compileArgs({
    entry: "main.ts",
    output: "out/x.exe",
    read: { kind: "any" },
    target: "x86_64-pc-windows-msvc",
  });
  assert.ok(args.includes("--allow-read"));
  assert.equal(args.some((a) => a.startsWith("--allow-read=")), false);
  assert.deepEqual(args.slice(-5), [
    "--target",
    "x86_64-pc-windows-msvc",
    "--output",
    "out/x.exe",
    "main.ts",
  ]);
  assert.equal(args.some((a) => /^--allow-(write|run|ffi|all)|^-A$/.test(a)), false);
});

Deno.test("compileArgs() refuses a path with a comma, which the flag would split", () => {
  assert.throws(
    () =>
      compileArgs({
        entry: "main.ts",
        output: "o",
        read: { kind: "paths", paths: ["/a,b/config"] },
      }),
    /Cannot grant read access to "\/a,b\/config"/,
  );
});

Deno.test("targetOs() and binaryName() name the Windows binary with .exe", () => {
  assert.deepEqual(RELEASE_TARGETS.map(targetOs), [
    "linux",
    "linux",
    "darwin",
    "darwin",
    "windows",
  ]);
  assert.equal(binaryName("windows"), "ecs-deploy.exe");
  assert.equal(binaryName("linux"), "ecs-deploy");
});

Deno.test("compileFailureMessage() explains a failed runtime download", () => {
  const stderr = "\x1b[0m\x1b[32mDownload\x1b[0m https://dl.deno.land/release/v2.9.6/" +
    "denort-x86_64-unknown-linux-gnu.zip\nerror: Writing deno compile executable\n" +
    "Caused by:\n    0: Setting up base binary.\n    1: error sending request: dns error";
  const message = compileFailureMessage(stderr, "x86_64-unknown-linux-gnu");
  assert.match(message, /^Cannot compile ecs-deploy for x86_64-unknown-linux-gnu: /);
  assert.match(message, /from https:\/\/dl\.deno\.land\/release\/v2\.9\.6\/denort-x86_64/);
  assert.match(message, /DENORT_BIN/);
});

Deno.test("compileFailureMessage() points at the output for other failures", () => {
  assert.equal(
    compileFailureMessage("error: Module not found", "aarch64-apple-darwin"),
    "Cannot compile ecs-deploy for aarch64-apple-darwin: deno compile failed (see its output above)",
  );
});

Deno.test("compileFailureMessage() does not blame the download when DENORT_BIN is wrong", () => {
  const stderr = "error: Writing deno compile executable\nCaused by:\n" +
    "    0: Setting up base binary.\n    1: Could not find denort at '/nope'";
  assert.match(
    compileFailureMessage(stderr, "x86_64-unknown-linux-gnu"),
    /deno compile failed \(see its output above\)$/,
  );
});
