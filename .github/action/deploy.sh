#!/usr/bin/env bash
# Runs one deploy for the composite action in action.yml and publishes its result.
#
# Builds the command line from the INPUT_* variables (each line of INPUT_IMAGE and
# INPUT_CONTAINER_IMAGE is one -i / -l; INPUT_ARGS is split on whitespace, never evaluated),
# runs ECS_DEPLOY_BIN (default: ecs-deploy) with --output json, and reads the result object on
# the last line of its stdout into GITHUB_OUTPUT (outcome, exit-code, task-definition-arn,
# previous-task-definition-arn, deployment-id, result, rollback-outcome) and a table in
# GITHUB_STEP_SUMMARY. With INPUT_ROLLBACK=true, a deploy that failed or timed out is followed
# by `ecs-deploy rollback --to <previous revision>` with the same timeout. Exits with the deploy's exit code: a
# rollback repairs the service, it does not make the deploy a success.
set -uo pipefail

bin="${ECS_DEPLOY_BIN:-ecs-deploy}"

trim() {
  local value="$1"
  value="${value#"${value%%[![:space:]]*}"}"
  printf '%s' "${value%"${value##*[![:space:]]}"}"
}

fail_input() {
  echo "::error title=ecs-deploy::$1" >&2
  exit 2
}

rollback="$(trim "${INPUT_ROLLBACK:-}")"
case "$rollback" in
  true | false | "") ;;
  *) fail_input "Invalid input rollback \"${INPUT_ROLLBACK}\": expected true or false" ;;
esac
cluster="$(trim "${INPUT_CLUSTER:-}")"
service="$(trim "${INPUT_SERVICE:-}")"

extra=()
if [[ -n "${INPUT_ARGS:-}" ]]; then read -r -d '' -a extra <<< "$INPUT_ARGS" || true; fi
# The flags of extra that say where and as whom to connect, which a rollback needs too.
connection=()
for ((i = 0; i < ${#extra[@]}; i++)); do
  case "${extra[i]}" in
    -r | --region | -p | --profile | --endpoint-url | -k | --aws-access-key | -s | --aws-secret-key)
      connection+=("${extra[i]}" "${extra[i + 1]:-}")
      i=$((i + 1))
      ;;
    --region=* | --profile=* | --endpoint-url=* | -v | --verbose) connection+=("${extra[i]}") ;;
  esac
done

args=()
if [[ -n "$cluster" ]]; then args+=(--cluster "$cluster"); fi
if [[ -n "$service" ]]; then args+=(--service-name "$service"); fi
add_lines() {
  local flag="$1" line
  while IFS= read -r line || [[ -n "$line" ]]; do
    line="$(trim "$line")"
    if [[ -n "$line" ]]; then args+=("$flag" "$line"); fi
  done <<< "$2"
}
add_lines --image "${INPUT_IMAGE:-}"
add_lines --container-image "${INPUT_CONTAINER_IMAGE:-}"
timeout="$(trim "${INPUT_TIMEOUT:-}")"
if [[ -n "$timeout" ]]; then args+=(--timeout "$timeout"); fi
desired="$(trim "${INPUT_DESIRED_COUNT:-}")"
if [[ -n "$desired" ]]; then args+=(--desired-count "$desired"); fi
if ((${#extra[@]} > 0)); then args+=("${extra[@]}"); fi
args+=(--output json)

stdout_file="$(mktemp)"
trap 'rm -f "$stdout_file"' EXIT

# Runs ecs-deploy with "${@:2}", sets code and result (its last stdout line if a result object).
run() {
  local label="$1"
  shift
  echo "ecs-deploy $*" >&2
  "$bin" "$@" > "$stdout_file"
  code=$?
  echo "::group::ecs-deploy $label: JSON output"
  cat "$stdout_file"
  echo "::endgroup::"
  result="$(tail -n 1 "$stdout_file")"
  if [[ "$result" != "{"*'"outcome":'* ]]; then result=""; fi
}

# Reads one top-level string field of the result (null reads as empty) without needing jq.
field() {
  printf '%s' "$result" |
    sed -E -n "s/.*\"$1\":\"(([^\"\\\\]|\\\\.)*)\".*/\1/p" |
    sed -e 's/\\"/"/g' -e 's/\\\\/\\/g'
}

outcome_of() {
  if [[ -n "$result" ]]; then
    field outcome
  else
    case "$code" in
      2) echo invalid ;;
      130 | 143) echo cancelled ;;
      *) echo error ;;
    esac
  fi
}

run deploy "${args[@]}"
deploy_code=$code
deploy_result="$result"
outcome="$(outcome_of)"
arn="$(field taskDefinitionArn)"
previous="$(field previousTaskDefinitionArn)"
deployment="$(field deploymentId)"
reason="$(field reason)"

rollback_outcome=""
rollback_code=""
if [[ "$rollback" == true && ("$outcome" == failed || "$outcome" == timed_out) ]]; then
  if [[ -n "$previous" ]]; then
    echo "::warning title=ecs-deploy::Deploy $outcome; rolling \"$service\" back to \"$previous\""
    rollback_args=(rollback --cluster "$cluster" --service-name "$service" --to "$previous")
    if [[ -n "$timeout" ]]; then rollback_args+=(--timeout "$timeout"); fi
    if ((${#connection[@]} > 0)); then rollback_args+=("${connection[@]}"); fi
    run rollback "${rollback_args[@]}" --output json
    rollback_code=$code
    rollback_outcome="$(outcome_of)"
  else
    rollback_outcome=skipped
  fi
fi

{
  echo "outcome=$outcome"
  echo "exit-code=$deploy_code"
  echo "task-definition-arn=$arn"
  echo "previous-task-definition-arn=$previous"
  echo "deployment-id=$deployment"
  echo "result=$deploy_result"
  echo "rollback-outcome=$rollback_outcome"
} >> "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"

if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  {
    echo "### ecs-deploy: \`$outcome\` (exit $deploy_code)"
    echo
    echo "| | |"
    echo "| --- | --- |"
    echo "| Cluster | \`$cluster\` |"
    echo "| Service | \`$service\` |"
    if [[ -n "$arn" ]]; then echo "| Task definition | \`$arn\` |"; fi
    if [[ -n "$previous" ]]; then echo "| Previous task definition | \`$previous\` |"; fi
    if [[ -n "$deployment" ]]; then echo "| Deployment | \`$deployment\` |"; fi
    if [[ -n "$reason" ]]; then echo "| Reason | ${reason//|/\\|} |"; fi
    if [[ -z "$deploy_result" ]]; then
      echo "| Result | none: ecs-deploy printed no result; see the log |"
    fi
    if [[ "$rollback_outcome" == skipped ]]; then
      echo "| Rollback | skipped: no previous revision known |"
    elif [[ -n "$rollback_outcome" ]]; then
      echo "| Rollback | \`$rollback_outcome\` (exit $rollback_code) to \`$previous\` |"
    fi
  } >> "$GITHUB_STEP_SUMMARY"
fi

exit "$deploy_code"
