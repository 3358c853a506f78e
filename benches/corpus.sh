#!/usr/bin/env bash
# Benchmark: replicate a directory of real pages to N files and time a full check.
#
#   benches/corpus.sh [SOURCE_DIR] [N ...]
#   benches/corpus.sh ../shared/corpus 20000 100000
#
# SOURCE_DIR holds one or more Hugo sites (default ../shared/corpus). Each site is copied
# (hard links, so it costs no disk) as many times as needed to reach N content files, each
# copy a site of its own. Reports files/s and peak memory (max RSS) of
# `contentlint check --format json`, all built-in rules on, and, when `rg` is installed,
# the time ripgrep takes to run one regex over the same files, with the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-../shared/corpus}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(20000)

cargo build --release --locked -q
bin=$PWD/target/release/contentlint
work=$(mktemp -d "${TMPDIR:-/tmp}/contentlint-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

per_copy=$(find "$src" -type f \( -name '*.md' -o -name '*.markdown' \) | wc -l)
[ "$per_copy" -gt 0 ] || { echo "no pages under $src" >&2; exit 2; }

printf '%-8s %-10s %-9s %-9s %-8s %-8s\n' files seconds files/s peak_MB rg_s ratio
for n in "${sizes[@]}"; do
  dir=$work/n$n
  mkdir -p "$dir"
  copies=$(( (n + per_copy - 1) / per_copy ))
  for i in $(seq 1 "$copies"); do
    cp -al "$src" "$dir/copy$i"
  done
  files=$(find "$dir" -type f -name '*.md' | wc -l)
  sync
  # Warm the page cache so both tools read from memory.
  { find "$dir" -type f -name '*.md' -print0 | head -z -n 2000 | xargs -0 cat >/dev/null; } || true
  /usr/bin/time -f '%e %M' -o "$work/time" "$bin" check "$dir" --format json >/dev/null 2>"$work/err" || true
  # GNU time writes "Command exited with non-zero status 1" first when findings exist.
  read -r secs kb < <(tail -n 1 "$work/time")
  rate=$(awk -v f="$files" -v s="$secs" 'BEGIN { printf "%d", (s > 0 ? f / s : 0) }')
  mb=$(awk -v k="$kb" 'BEGIN { printf "%.0f", k / 1024 }')
  rg_s=-; ratio=-
  if command -v rg >/dev/null; then
    /usr/bin/time -f '%e' -o "$work/rgtime" rg -c --no-messages -t md 'stepped into|Summit/ ' "$dir" >/dev/null || true
    rg_s=$(tail -n 1 "$work/rgtime")
    ratio=$(awk -v a="$secs" -v b="$rg_s" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
  fi
  printf '%-8s %-10s %-9s %-9s %-8s %-8s\n' "$files" "$secs" "$rate" "$mb" "$rg_s" "$ratio"
  rm -rf "$dir"
done
