import assert from "node:assert/strict";
import { credentialsFor, parseDockerConfig } from "../../src/registry/docker_config_auth.ts";

const auth = (text: string) => btoa(text);

Deno.test("parseDockerConfig() reads auths by host, URL keys included", () => {
  const auths = parseDockerConfig(
    JSON.stringify({
      auths: {
        "registry.example.com": { auth: auth("ci:s3cret:with:colons") },
        "https://index.docker.io/v1/": { auth: auth("hubuser:hubpass") },
        "ghcr.io": { identitytoken: "ignored" },
      },
      credsStore: "desktop",
    }),
    "config.json",
  );
  assert.deepEqual(credentialsFor(auths, "registry.example.com"), {
    username: "ci",
    password: "s3cret:with:colons",
  });
  assert.deepEqual(credentialsFor(auths, "docker.io"), {
    username: "hubuser",
    password: "hubpass",
  });
  assert.equal(credentialsFor(auths, "ghcr.io"), undefined);
  assert.equal(credentialsFor(auths, "other.example.com"), undefined);
});

Deno.test("parseDockerConfig() names the file and never quotes a credential", () => {
  assert.throws(
    () => parseDockerConfig("{", "/tmp/c.json"),
    /--registry-auth "\/tmp\/c.json": not JSON/,
  );
  assert.throws(() => parseDockerConfig("[]", "c.json"), /not a JSON object/);
  assert.throws(
    () => parseDockerConfig(JSON.stringify({ auths: { h: { auth: auth("nocolon") } } }), "c.json"),
    (error: Error) =>
      /"auths.h.auth" is not base64 of "user:password"/.test(error.message) &&
      !error.message.includes("nocolon"),
  );
});
