#!/usr/bin/env bash
# Runs one deploy for the composite action in action.yml and publishes its result.
#
# Builds the command line from the INPUT_* variables (each line of INPUT_SERVICE, INPUT_IMAGE and
# INPUT_CONTAINER_IMAGE is one -n / -i / -l; INPUT_ROLLBACK=true adds --rollback,
# INPUT_GROUP_ROLLBACK=true --group-rollback; INPUT_ARGS is split on whitespace, never
# evaluated), runs ECS_DEPLOY_BIN (default: ecs-deploy) with --output json, and reads the result
# object on the last line of its stdout into GITHUB_OUTPUT (outcome, exit-code,
# task-definition-arn, previous-task-definition-arn, deployment-id, result, rollback-outcome,
# diagnosis) and a table in GITHUB_STEP_SUMMARY: for several services (a group result), one row
# per service. Exits with the tool's exit code. The rollback is the tool's own (--rollback), so
# nothing runs after it.
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
group_rollback="$(trim "${INPUT_GROUP_ROLLBACK:-}")"
case "$group_rollback" in
  true | false | "") ;;
  *) fail_input "Invalid input group-rollback \"${INPUT_GROUP_ROLLBACK}\": expected true or false" ;;
esac
cluster="$(trim "${INPUT_CLUSTER:-}")"
services=()
while IFS= read -r line || [[ -n "$line" ]]; do
  line="$(trim "$line")"
  if [[ -n "$line" ]]; then services+=("$line"); fi
done <<< "${INPUT_SERVICE:-}"
service="${services[*]+"${services[*]}"}"

args=()
if [[ -n "$cluster" ]]; then args+=(--cluster "$cluster"); fi
for name in ${services[@]+"${services[@]}"}; do args+=(--service-name "$name"); done
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
if [[ "$rollback" == true ]]; then args+=(--rollback); fi
if [[ "$group_rollback" == true ]]; then args+=(--group-rollback); fi
extra=()
if [[ -n "${INPUT_ARGS:-}" ]]; then read -r -d '' -a extra <<< "$INPUT_ARGS" || true; fi
if ((${#extra[@]} > 0)); then args+=("${extra[@]}"); fi
args+=(--output json)

stdout_file="$(mktemp)"
trap 'rm -f "$stdout_file"' EXIT

echo "ecs-deploy ${args[*]}" >&2
"$bin" "${args[@]}" > "$stdout_file"
code=$?
echo "::group::ecs-deploy deploy: JSON output"
cat "$stdout_file"
echo "::endgroup::"
result="$(tail -n 1 "$stdout_file")"
if [[ "$result" != "{"*'"outcome":'* ]]; then result=""; fi

# Prints the value at a dotted path of object keys and array indices (`rollback.outcome`,
# `services.0.member`) in the JSON object on stdin: a string unescaped onto one line, a number or boolean as written; nothing for null,
# an object, an array or a missing key. It follows the nesting, so a key of the same name deeper
# down (`rollback.outcome`, `diagnosis.stoppedTasks[].taskDefinitionArn`) never stands in for
# a top-level one, and it needs no jq, which not every runner has.
# shellcheck disable=SC2016 # $0 is awk's, not the shell's
json_path_awk='
function unescape(text, out, k, c) {
  out = ""
  for (k = 1; k <= length(text); k++) {
    c = substr(text, k, 1)
    if (c != "\\") { out = out c; continue }
    c = substr(text, ++k, 1)
    if (c == "n" || c == "r" || c == "t") out = out " "
    else if (c == "u" || c == "b" || c == "f") out = out "\\" c
    else out = out c
  }
  return out
}
function at_wanted(d, path) {
  path = ""
  for (d = 1; d <= depth; d++) path = path (d > 1 ? "." : "") (kind[d] == "o" ? key[d] : idx[d])
  return path == want
}
NR == 1 {
  s = $0
  n = length(s)
  depth = 0
  for (i = 1; i <= n; i++) {
    c = substr(s, i, 1)
    if (c == "{" || c == "[") {
      kind[++depth] = (c == "{" ? "o" : "a")
      expect_key[depth] = 1
      idx[depth] = 0
    } else if (c == "}" || c == "]") {
      depth--
    } else if (c == ",") {
      expect_key[depth] = 1
      if (kind[depth] == "a") idx[depth]++
    } else if (c == ":") {
      expect_key[depth] = 0
    } else if (c == "\"") {
      start = i + 1
      for (i = start; i <= n; i++) {
        c = substr(s, i, 1)
        if (c == "\\") i++
        else if (c == "\"") break
      }
      text = substr(s, start, i - start)
      if (kind[depth] == "o" && expect_key[depth]) key[depth] = unescape(text)
      else if (at_wanted()) { print unescape(text); exit }
    } else if (index(" \t\r\n", c) == 0) {
      start = i
      while (i < n && index(",}] \t\r\n", substr(s, i + 1, 1)) == 0) i++
      text = substr(s, start, i - start + 1)
      if (text != "null" && at_wanted()) { print text; exit }
    }
  }
}
'
field() {
  printf '%s\n' "$result" | LC_ALL=C awk -v want="$1" "$json_path_awk"
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
diagnosis="$(field diagnosis.summary)"
rollback_outcome="$(field rollback.outcome)"
rollback_arn="$(field rollback.taskDefinitionArn)"
rollback_reason="$(field rollback.reason)"

{
  echo "outcome=$outcome"
  echo "exit-code=$code"
  echo "task-definition-arn=$arn"
  echo "previous-task-definition-arn=$previous"
  echo "deployment-id=$deployment"
  echo "result=$result"
  echo "rollback-outcome=$rollback_outcome"
  echo "diagnosis=$diagnosis"
} >> "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"

# One row per service of a group result: service, outcome, revisions, reason.
group_rows() {
  local k=0 member outcome before after why revision
  while member="$(field "services.$k.member")" && [[ -n "$member" ]]; do
    outcome="$(field "services.$k.outcome")"
    before="$(field "services.$k.previousTaskDefinitionArn")"
    after="$(field "services.$k.taskDefinitionArn")"
    why=""
    if [[ "$outcome" != succeeded ]]; then why="$(field "services.$k.reason")"; fi
    revision="${before##*/}"
    if [[ -n "$after" && "$after" != "$before" ]]; then revision+="${revision:+ -> }${after##*/}"; fi
    echo "| \`$member\` | \`$outcome\` | ${revision:--} | ${why//|/\\|} |"
    k=$((k + 1))
  done
}

if [[ -n "${GITHUB_STEP_SUMMARY:-}" && "$(field group)" == true ]]; then
  {
    echo "### ecs-deploy: \`$outcome\` (exit $code)"
    echo
    if [[ -n "$reason" ]]; then echo "${reason//|/\\|}"; echo; fi
    echo "| Service | Outcome | Revision | Reason |"
    echo "| --- | --- | --- | --- |"
    group_rows
  } >> "$GITHUB_STEP_SUMMARY"
elif [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  {
    echo "### ecs-deploy: \`$outcome\` (exit $code)"
    echo
    echo "| | |"
    echo "| --- | --- |"
    echo "| Cluster | \`$cluster\` |"
    echo "| Service | \`$service\` |"
    if [[ -n "$arn" ]]; then echo "| Task definition | \`$arn\` |"; fi
    if [[ -n "$previous" ]]; then echo "| Previous task definition | \`$previous\` |"; fi
    if [[ -n "$deployment" ]]; then echo "| Deployment | \`$deployment\` |"; fi
    if [[ -n "$reason" ]]; then echo "| Reason | ${reason//|/\\|} |"; fi
    if [[ -n "$diagnosis" ]]; then echo "| Diagnosis | ${diagnosis//|/\\|} |"; fi
    if [[ -n "$rollback_outcome" ]]; then
      line="| Rollback | \`$rollback_outcome\` to \`$rollback_arn\`"
      if [[ "$rollback_outcome" != succeeded && -n "$rollback_reason" ]]; then
        line+=": ${rollback_reason//|/\\|}"
      fi
      echo "$line |"
    fi
    if [[ -z "$result" ]]; then
      echo "| Result | none: ecs-deploy printed no result; see the log |"
    fi
  } >> "$GITHUB_STEP_SUMMARY"
fi

exit "$code"
