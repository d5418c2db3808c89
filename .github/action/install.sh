#!/usr/bin/env bash
# Installs the ecs-deploy release binary for this runner, for the composite action in action.yml.
#
# Reads RUNNER_OS, RUNNER_ARCH and RUNNER_TEMP, and which release to fetch from INPUT_VERSION
# ("1.2.3", "v1.2.3" or "latest"), else the ref the action is used at (ACTION_REF, or the last
# folder of GITHUB_ACTION_PATH, since github.action_ref can be empty in composite actions).
# ECS_DEPLOY_DOWNLOAD_URL replaces the release download folder (mirrors, tests).
# The archive must match its line in the release's SHA256SUMS, or nothing is installed.
# Writes `path=<binary>` to GITHUB_OUTPUT and the binary's folder to GITHUB_PATH.
set -euo pipefail

fail() {
  echo "::error title=ecs-deploy::$1" >&2
  exit 1
}

case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-gnu ;;
  Linux/ARM64) target=aarch64-unknown-linux-gnu ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  Windows/X64) target=x86_64-pc-windows-msvc ;;
  *) fail "Cannot install ecs-deploy: no release binary for runner ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}" ;;
esac

action_path="${GITHUB_ACTION_PATH:-}"
repository="${ACTION_REPOSITORY:-}"
if [[ -z "$repository" && "$action_path" == */_actions/*/*/* ]]; then
  rest="${action_path#*/_actions/}"
  owner="${rest%%/*}"
  rest="${rest#*/}"
  repository="$owner/${rest%%/*}"
fi

version="${INPUT_VERSION:-}"
if [[ -z "$version" ]]; then
  ref="${ACTION_REF:-${action_path##*/}}"
  if [[ "$ref" =~ ^v?[0-9]+\.[0-9]+\.[0-9]+([-+].*)?$ ]]; then version="$ref"; else version=latest; fi
fi

if [[ -n "${ECS_DEPLOY_DOWNLOAD_URL:-}" ]]; then
  base="${ECS_DEPLOY_DOWNLOAD_URL%/}"
elif [[ -z "$repository" ]]; then
  fail "Cannot install ecs-deploy: unknown action repository; set the version input and ECS_DEPLOY_DOWNLOAD_URL"
elif [[ "$version" == latest ]]; then
  base="https://github.com/$repository/releases/latest/download"
else
  base="https://github.com/$repository/releases/download/v${version#v}"
fi

work="${RUNNER_TEMP:?RUNNER_TEMP is not set}/ecs-deploy-download"
rm -rf "$work"
mkdir -p "$work"
download() {
  curl --fail --silent --show-error --location --retry 3 --output "$2" "$1" ||
    fail "Cannot install ecs-deploy: download of \"$1\" failed"
}

download "$base/SHA256SUMS" "$work/SHA256SUMS"
# The release's own list names the archive, so "latest" needs no API call.
line="$(grep -E "  ecs-deploy-[^ ]+-${target}\.(tar\.gz|zip)$" "$work/SHA256SUMS" | head -n 1 || true)"
[[ -n "$line" ]] || fail "Cannot install ecs-deploy: SHA256SUMS at \"$base\" lists no archive for $target"
expected="${line%% *}"
archive="${line##* }"

download "$base/$archive" "$work/$archive"
if command -v sha256sum > /dev/null; then
  actual="$(sha256sum "$work/$archive")"
else
  actual="$(shasum -a 256 "$work/$archive")"
fi
actual="${actual%% *}"
if [[ "$actual" != "$expected" ]]; then
  fail "Cannot install ecs-deploy: \"$archive\" has SHA-256 $actual, but SHA256SUMS says $expected"
fi

release="${archive#ecs-deploy-}"
release="${release%-"$target".*}"
dir="$RUNNER_TEMP/ecs-deploy-$release-$target"
rm -rf "$dir"
mkdir -p "$dir"
if [[ "$archive" == *.zip ]]; then
  unzip -q -o "$work/$archive" -d "$dir"
  binary="$dir/ecs-deploy.exe"
else
  tar -xzf "$work/$archive" -C "$dir"
  binary="$dir/ecs-deploy"
fi
[[ -f "$binary" ]] || fail "Cannot install ecs-deploy: \"$archive\" holds no ${binary##*/}"
chmod +x "$binary"
rm -rf "$work"

echo "Installed ecs-deploy $release ($target), SHA-256 verified: $binary"
echo "path=$binary" >> "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
echo "version=$release" >> "$GITHUB_OUTPUT"
if [[ -n "${GITHUB_PATH:-}" ]]; then echo "$dir" >> "$GITHUB_PATH"; fi
