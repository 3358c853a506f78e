#!/usr/bin/env bash
# The properties of `--fix`, on a copy of the real sites in ../shared/corpus:
#   - `--diff` writes nothing, and its patch applies exactly to the files;
#   - every edit a safe fix makes is of a kind in the reviewed list tests/e2e/fix-kinds.txt;
#   - `--fix` is idempotent: a second run changes no byte;
#   - after `--fix`, no finding is reported that was not reported before, and no safe fix
#     is left.
# CONTENTLINT names the binary (default: the release build); CORPUS the sites to copy.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${CONTENTLINT:-target/release/contentlint}")
corpus=${CORPUS:-}
if [ -z "$corpus" ]; then
  for c in ../shared/corpus /work/shared/corpus; do
    if [ -d "$c" ]; then corpus=$c; break; fi
  done
fi
if [ ! -d "$corpus" ]; then
  # The sites are not part of the repository; a machine without them cannot run this.
  echo "fix-corpus: SKIPPED: no corpus (set CORPUS to a directory of sites)" >&2
  exit 0
fi
here=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$corpus" "$tmp/sites"
cp -r "$corpus" "$tmp/patched"
cd "$tmp"
sums() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }

check() { # check DIR [ARGS...]: exit codes 0 and 1 are results, 2 is a failure
  local dir=$1 status=0
  shift
  (cd "$dir" && "$bin" check . --jobs 2 "$@") || status=$?
  if [ "$status" -ge 2 ]; then
    echo "fix-corpus: contentlint check $* failed with exit code $status" >&2
    exit 1
  fi
}

sums sites >before.sums
# --fix reports every finding unfolded, so the findings before are counted the same way.
check sites --format json --no-fold >before.json
check sites --diff >fix.patch
sums sites >after-diff.sums
cmp -s before.sums after-diff.sums || { echo "fix-corpus: --diff changed files" >&2; exit 1; }
(cd patched && git apply --check -p1 ../fix.patch) ||
  { echo "fix-corpus: the --diff patch does not apply to the files it was made from" >&2; exit 1; }
echo "fix-corpus: --diff writes nothing; its patch of $(grep -c '^+++ ' fix.patch) file(s) applies"

python3 "$here/tests/e2e/fix_kinds.py" before.json --root sites --allowed "$here/tests/e2e/fix-kinds.txt" >kinds.txt ||
  { cat kinds.txt; exit 1; }
echo "fix-corpus: every edit kind is reviewed ($(wc -l <kinds.txt) kinds)"

check sites --fix --format json >after.json 2>fix1.log
sums sites >fixed.sums
check sites --fix >/dev/null 2>fix2.log
sums sites >fixed-twice.sums
cmp -s fixed.sums fixed-twice.sums ||
  { echo "fix-corpus: a second --fix changed files:" >&2; diff fixed.sums fixed-twice.sums >&2; exit 1; }
echo "fix-corpus: $(head -1 fix1.log); a second --fix changes nothing"

python3 - before.json after.json <<'PY'
import collections, json, sys
def keys(p):
    with open(p, encoding="utf-8") as f:
        return collections.Counter((d["path"], d["rule"], d["message"]) for d in json.load(f)["diagnostics"])
before, after = keys(sys.argv[1]), keys(sys.argv[2])
new = after - before
if new:
    print(f"fix-corpus: {sum(new.values())} finding(s) appeared after --fix:", file=sys.stderr)
    for (path, rule, msg), n in sorted(new.items())[:40]:
        print(f"  {path}: {rule}: {msg}" + (f" (x{n})" if n > 1 else ""), file=sys.stderr)
    sys.exit(1)
with open(sys.argv[2], encoding="utf-8") as f:
    left = [d for d in json.load(f)["diagnostics"] if (d.get("fix") or {}).get("applicability") == "safe"]
if left:
    print(f"fix-corpus: {len(left)} safe fix(es) left after --fix, e.g. {left[0]['path']}:{left[0]['line']} {left[0]['rule']}", file=sys.stderr)
    sys.exit(1)
print(f"fix-corpus: {sum(before.values())} findings before, {sum(after.values())} after, none new; no safe fix left")
PY
