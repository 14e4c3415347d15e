#!/usr/bin/env bash
# Drives scripts/pre-commit as a real git hook in a throwaway repository:
# a staged bad file must block the commit, a good one must pass.
set -euo pipefail
src="$1"; checker="$2"; fixtures="$(cd "$(dirname "$0")" && pwd)"
repo="$(mktemp -d)"
trap 'rm -rf "$repo"' EXIT
cd "$repo"
git init -q .
git config user.email t@example.invalid
git config user.name test
cp "$src/scripts/pre-commit" .git/hooks/pre-commit
export HANDLEGUARD_CHECK="$checker"
export HANDLEGUARD_ARGS="-I$src/include"

cp "$fixtures/bad.c" widget.c
git add widget.c
if git commit -qm bad 2>err.txt; then
  echo "FAIL: a staged file with a diagnostic was committed"; exit 1
fi
grep -q "handleguard-box-freed" err.txt || { echo "FAIL: no diagnostic shown"; cat err.txt; exit 1; }
grep -q "commit blocked" err.txt || { echo "FAIL: no summary"; cat err.txt; exit 1; }
echo "ok: bad file blocked"

cp "$fixtures/good.c" widget.c
git add widget.c
git commit -qm good || { echo "FAIL: a clean file was blocked"; exit 1; }
echo "ok: good file committed"

# an unstaged bad file does not matter when nothing C is staged
echo "notes" > README
git add README
git commit -qm docs || { echo "FAIL: a commit without C files was blocked"; exit 1; }
echo "ok: non-C commit passes"
