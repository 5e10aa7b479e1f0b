#!/usr/bin/env bash
# Build the dashboard into the Python package's static folder, swapping the folder whole at the
# end: a running `f2l serve` (or a browser test) never sees it half-emptied mid-build.
set -euo pipefail
cd "$(dirname "$0")/.."
target=../src/f2l/api/static
staging=$(mktemp -d ../src/f2l/api/.static-build.XXXXXX)
trap 'rm -rf "$staging"' EXIT
npx tsc -b
npx vite build --outDir "$staging" --emptyOutDir "$@"
chmod 755 "$staging"
old=""
if [ -d "$target" ]; then
  old=$(mktemp -d ../src/f2l/api/.static-old.XXXXXX)
  mv "$target" "$old/static"
fi
mv "$staging" "$target"
if [ -n "$old" ]; then rm -rf "$old"; fi
