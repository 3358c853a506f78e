#!/usr/bin/env bash
# Render the HTML report in headless Chromium and check that the page shows the findings
# and that its JavaScript ran without errors. Needs `chromium` (Debian package) and a built
# binary (default target/debug/contentlint).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${CONTENTLINT:-$root/target/debug/contentlint}
work=$(mktemp -d "${TMPDIR:-/tmp}/contentlint-html.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$root"
"$bin" check tests/cmd/mixed --format html --output "$work/report.html" || true
"$bin" check tests/cmd/mixed --format json > "$work/report.json" || true
want=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["diagnostics"]))' "$work/report.json")
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --dump-dom "file://$work/report.html" > "$work/dom.html" 2>"$work/chromium.log"
body=$(grep -o '<body[^>]*>' "$work/dom.html" || true)
fail=0
case "$body" in *'data-ready="ok"'*) ;; *) echo "FAIL: the report's script did not finish: $body" >&2; fail=1 ;; esac
case "$body" in *'data-error'*) echo "FAIL: JavaScript error: $body" >&2; fail=1 ;; esac
case "$body" in *"data-shown=\"$want\""*) ;; *) echo "FAIL: expected $want findings shown: $body" >&2; fail=1 ;; esac
grep -q 'data-rule="schema/unclosed"' "$work/dom.html" || { echo "FAIL: finding not rendered" >&2; fail=1; }
[ "$fail" = 0 ] || exit 1
echo "html report in chromium: 1 passed, 0 failed"
