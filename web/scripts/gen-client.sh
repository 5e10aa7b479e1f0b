#!/usr/bin/env bash
# Regenerate the typed API client from the app's own OpenAPI document (no server needed).
#   scripts/gen-client.sh          write web/openapi.json and web/src/client/schema.d.ts
#   scripts/gen-client.sh --check  regenerate both into a temp folder; exit 1 if either differs
# The Python side runs with $F2L_PYTHON when set (the Makefile passes .venv/bin/python, which
# skips uv's sync), else `uv run --frozen python`.
set -euo pipefail
web="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(dirname "$web")"
read -r -a python <<<"${F2L_PYTHON:-uv run --frozen python}"
if ! (cd "$repo" && command -v "${python[0]}" >/dev/null 2>&1); then
  echo "gen-client: ${python[0]} not found: install uv (see the Makefile) or set F2L_PYTHON" >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/client"

(cd "$repo" && "${python[@]}" -c 'import json; from f2l.api.app import create_app
print(json.dumps(create_app().openapi(), indent=2, sort_keys=True))') >"$work/openapi.json"
"$web/node_modules/.bin/openapi-typescript" "$work/openapi.json" --output "$work/src/client/schema.d.ts" \
  >/dev/null

status=0
for file in openapi.json src/client/schema.d.ts; do
  if [[ "${1:-}" != "--check" ]]; then
    cp "$work/$file" "$web/$file"
  elif ! diff -u "$web/$file" "$work/$file" >"$work/diff" 2>&1; then
    echo "check:client: web/$file is stale; run \`npm run gen\` in web/ and commit the result:" >&2
    head -40 "$work/diff" >&2
    status=1
  fi
done
if [[ "${1:-}" == "--check" ]]; then
  [[ $status -eq 0 ]] && echo "check:client: web/openapi.json and web/src/client/schema.d.ts match the API"
  exit $status
fi
echo "gen: wrote web/openapi.json and web/src/client/schema.d.ts"
