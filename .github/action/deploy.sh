#!/usr/bin/env bash
# Runs one deploy for the composite action in action.yml and publishes its result.
#
# Builds the command line from the INPUT_* variables (each line of INPUT_IMAGE and
# INPUT_CONTAINER_IMAGE is one -i / -l; INPUT_ARGS is split on whitespace, never evaluated),
# runs ECS_DEPLOY_BIN (default: ecs-deploy) with --output json, and reads the result object on
# the last line of its stdout into GITHUB_OUTPUT (outcome, exit-code, task-definition-arn,
# previous-task-definition-arn, deployment-id, result) and a table in GITHUB_STEP_SUMMARY.
# Exits with the tool's exit code.
set -uo pipefail

bin="${ECS_DEPLOY_BIN:-ecs-deploy}"
args=()

trim() {
  local value="$1"
  value="${value#"${value%%[![:space:]]*}"}"
  printf '%s' "${value%"${value##*[![:space:]]}"}"
}

add_lines() {
  local flag="$1" line
  while IFS= read -r line || [[ -n "$line" ]]; do
    line="$(trim "$line")"
    if [[ -n "$line" ]]; then args+=("$flag" "$line"); fi
  done <<< "$2"
}

add_value() {
  local value
  value="$(trim "$2")"
  if [[ -n "$value" ]]; then args+=("$1" "$value"); fi
}

add_value --cluster "${INPUT_CLUSTER:-}"
add_value --service-name "${INPUT_SERVICE:-}"
add_lines --image "${INPUT_IMAGE:-}"
add_lines --container-image "${INPUT_CONTAINER_IMAGE:-}"
add_value --timeout "${INPUT_TIMEOUT:-}"
add_value --desired-count "${INPUT_DESIRED_COUNT:-}"
case "$(trim "${INPUT_ROLLBACK:-}")" in
  true) args+=(--rollback) ;;
  false | "") ;;
  *)
    echo "::error title=ecs-deploy::Invalid input rollback \"${INPUT_ROLLBACK}\": expected true or false" >&2
    exit 2
    ;;
esac
if [[ -n "${INPUT_ARGS:-}" ]]; then
  read -r -d '' -a extra <<< "$INPUT_ARGS" || true
  if ((${#extra[@]} > 0)); then args+=("${extra[@]}"); fi
fi
args+=(--output json)

stdout_file="$(mktemp)"
trap 'rm -f "$stdout_file"' EXIT
echo "ecs-deploy ${args[*]}" >&2
"$bin" "${args[@]}" > "$stdout_file"
code=$?

echo "::group::ecs-deploy JSON output"
cat "$stdout_file"
echo "::endgroup::"

result="$(tail -n 1 "$stdout_file")"
if [[ "$result" != "{"*'"outcome":'* ]]; then result=""; fi

# Reads one top-level string field of the result (null reads as empty) without needing jq.
field() {
  printf '%s' "$result" |
    sed -E -n "s/.*\"$1\":\"(([^\"\\\\]|\\\\.)*)\".*/\1/p" |
    sed -e 's/\\"/"/g' -e 's/\\\\/\\/g'
}

if [[ -n "$result" ]]; then
  outcome="$(field outcome)"
else
  case "$code" in
    2) outcome=invalid ;;
    130 | 143) outcome=cancelled ;;
    *) outcome=error ;;
  esac
fi
arn="$(field taskDefinitionArn)"
previous="$(field previousTaskDefinitionArn)"
deployment="$(field deploymentId)"
reason="$(field reason)"

{
  echo "outcome=$outcome"
  echo "exit-code=$code"
  echo "task-definition-arn=$arn"
  echo "previous-task-definition-arn=$previous"
  echo "deployment-id=$deployment"
  echo "result=$result"
} >> "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"

if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  {
    echo "### ecs-deploy: \`$outcome\` (exit $code)"
    echo
    echo "| | |"
    echo "| --- | --- |"
    echo "| Cluster | \`$(trim "${INPUT_CLUSTER:-}")\` |"
    echo "| Service | \`$(trim "${INPUT_SERVICE:-}")\` |"
    if [[ -n "$arn" ]]; then echo "| Task definition | \`$arn\` |"; fi
    if [[ -n "$previous" ]]; then echo "| Previous task definition | \`$previous\` |"; fi
    if [[ -n "$deployment" ]]; then echo "| Deployment | \`$deployment\` |"; fi
    if [[ -n "$reason" ]]; then echo "| Reason | ${reason//|/\\|} |"; fi
    if [[ -z "$result" ]]; then echo "| Result | none: ecs-deploy printed no result; see the log |"; fi
  } >> "$GITHUB_STEP_SUMMARY"
fi

exit "$code"
