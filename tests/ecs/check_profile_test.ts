import assert from "node:assert/strict";
import { checkProfile, profilesIn } from "../../src/ecs/check_profile.ts";
import { AwsSetupError } from "../../src/ecs/setup_errors.ts";

const CONFIG = `
# a comment
[default]
region = eu-west-1

[profile deploy]   # trailing comment
region = us-east-1
[profile  spaced ]
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
[services local]
[plain]
`;

const CREDENTIALS = "[default]\naws_access_key_id = A\n[ci]\r\naws_access_key_id = B\n";

Deno.test("profilesIn() reads profiles as the SDK does: [profile NAME] in config, [NAME] in credentials", () => {
  assert.deepEqual(profilesIn({ kind: "config", text: CONFIG }), ["default", "deploy", "spaced"]);
  assert.deepEqual(profilesIn({ kind: "credentials", text: CREDENTIALS }), ["default", "ci"]);
  assert.deepEqual(profilesIn({ kind: "config", text: undefined }), []);
});

Deno.test("checkProfile() passes a profile of either file, and default always", () => {
  const files = [
    { path: "~/.aws/config", kind: "config" as const, text: CONFIG },
    { path: "~/.aws/credentials", kind: "credentials" as const, text: CREDENTIALS },
  ];
  assert.equal(checkProfile("deploy", files), undefined);
  assert.equal(checkProfile("ci", files), undefined);
  assert.equal(checkProfile("default", []), undefined);
});

Deno.test("checkProfile() names a missing profile, the files read and the profiles they define", () => {
  const problem = checkProfile("deplyo", [
    { path: "/ci/aws-config", kind: "config", text: CONFIG },
    { path: "~/.aws/credentials", kind: "credentials", text: undefined },
  ]);
  assert.ok(problem instanceof AwsSetupError);
  assert.equal(problem.problem, "unknown_profile");
  assert.equal(
    problem.message,
    'Profile "deplyo" not found in the shared config files ' +
      "(read /ci/aws-config, ~/.aws/credentials (missing))",
  );
  assert.deepEqual(problem.facts.profiles, ["default", "deploy", "spaced"]);
  assert.equal(
    checkProfile("plain", [{ path: "c", kind: "config", text: CONFIG }])?.problem,
    "unknown_profile",
    "[plain] in the config file is no profile to the SDK",
  );
});
