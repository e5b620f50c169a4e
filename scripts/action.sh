#!/usr/bin/env bash
# The GitHub Action's step (action.yml). Inputs arrive as PLANGUARD_* environment variables, never
# interpolated into the script, so nothing in them can run as shell.
set -uo pipefail
pg=(node "${GITHUB_ACTION_PATH:?}/bin/planguard.js")

plans=()
while IFS= read -r p; do
  p="${p#"${p%%[![:space:]]*}"}"; p="${p%"${p##*[![:space:]]}"}"
  [ -n "$p" ] && plans+=("$p")
done <<< "${PLANGUARD_PLAN:-}"
if [ ${#plans[@]} -eq 0 ]; then
  echo "planguard: the action's 'plan' input is empty" >&2
  echo "exit-code=2" >> "${GITHUB_OUTPUT:-/dev/null}"
  exit 2
fi

common=(--fail-on "${PLANGUARD_FAIL_ON:-high}")
[ -n "${PLANGUARD_CONFIG:-}" ] && common+=(--config "$PLANGUARD_CONFIG")
while IFS= read -r g; do
  g="${g#"${g%%[![:space:]]*}"}"; g="${g%"${g##*[![:space:]]}"}"
  [ -n "$g" ] && common+=(--protect "$g")
done <<< "${PLANGUARD_PROTECT:-}"

if [ -n "${PLANGUARD_SARIF:-}" ]; then
  "${pg[@]}" check "${plans[@]}" "${common[@]}" --quiet --format sarif --output "$PLANGUARD_SARIF" > /dev/null
  code=$?
  if [ "$code" -eq 2 ]; then echo "exit-code=2" >> "${GITHUB_OUTPUT:-/dev/null}"; exit 2; fi
fi

if [ -n "${PLANGUARD_HTML:-}" ]; then
  "${pg[@]}" check "${plans[@]}" "${common[@]}" --quiet --format html --output "$PLANGUARD_HTML" > /dev/null
  code=$?
  if [ "$code" -eq 2 ]; then echo "exit-code=2" >> "${GITHUB_OUTPUT:-/dev/null}"; exit 2; fi
fi

case "${GITHUB_EVENT_NAME:-}" in
  pull_request|pull_request_target) is_pr=true ;;
  *) is_pr=false ;;
esac

if [ "${PLANGUARD_COMMENT:-true}" = "true" ] && [ "$is_pr" = true ]; then
  # Prints the review, writes the step summary, posts or updates the comment; exits with the gate.
  "${pg[@]}" comment "${plans[@]}" "${common[@]}" --quiet --key "${PLANGUARD_COMMENT_KEY:-default}" --timeout "${PLANGUARD_COMMENT_TIMEOUT:-60}" \
    ${PLANGUARD_HTML:+${GITHUB_RUN_ID:+--report-url "${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/actions/runs/${GITHUB_RUN_ID}"}}
  code=$?
else
  # Annotations on the run, and the review in the log.
  "${pg[@]}" check "${plans[@]}" "${common[@]}" --quiet --format github
  code=$?
fi
echo "exit-code=$code" >> "${GITHUB_OUTPUT:-/dev/null}"
exit "$code"
