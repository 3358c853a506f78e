#!/usr/bin/env bash
# Benchmark: the large hostile inputs of tests/bad_input.rs, each at a size and at twice
# that size, timed with the release binary. The tests check what contentlint reports on
# them; this checks how long it takes and that the work grows linearly (the ratio column:
# about 2 is linear, about 4 quadratic).
#
#   benches/bad_input.sh [SCALE]     # SCALE multiplies the base sizes (default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-1}

cargo build --release --locked -q
bin=$PWD/target/release/contentlint
work=$(mktemp -d "${TMPDIR:-/tmp}/contentlint-bad-input.XXXXXX")
trap 'rm -rf "$work"' EXIT
printf 'schemas:\n  - paths: ["**"]\n    schema: session\n' > "$work/contentlint.yaml"

# make KIND N FILE: write one input of size N.
make() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
kind, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "w") as f:
    if kind == "long-line":        # one line of n words
        f.write("---\ntitle: x\n---\n" + "word " * n + "at the Summit/ Meetup\n")
    elif kind == "front-matter":   # n keys, each written twice, under a closed schema
        f.write("---\n")
        for i in range(n):
            f.write(f'k{i}: "v"\nk{i}: "w"\n')
        f.write("---\nbody\n")
    elif kind == "many-lines":     # n short lines of prose
        f.write("---\ntitle: x\n---\n" + "A line of text , with a space before the comma.\n" * n)
PY
}

seconds() {
  local start end
  start=$(date +%s.%N)
  "$bin" check --format json "$@" >/dev/null || [ $? -eq 1 ]
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

printf '%-14s %-10s %-9s %-10s %-9s %-6s\n' input size seconds size2 seconds2 ratio
for spec in long-line:2000000 front-matter:50000 many-lines:200000; do
  kind=${spec%%:*}
  n=$(( ${spec##*:} * scale ))
  make "$kind" "$n" "$work/a.md"
  make "$kind" $(( n * 2 )) "$work/b.md"
  (cd "$work" && a=$(seconds a.md) && b=$(seconds b.md) &&
    printf '%-14s %-10s %-9.2f %-10s %-9.2f %-6.2f\n' "$kind" "$n" "$a" $(( n * 2 )) "$b" "$(echo "$b / $a" | bc -l)")
done
