#!/usr/bin/env bash
# Fill fuzz/corpus/<target>/ with the project's fixtures and seeds as starting inputs.
# Each input is named after its path, so fixtures that share a file name all get in.
set -euo pipefail
cd "$(dirname "$0")/.."
for t in load check; do
  mkdir -p "fuzz/corpus/$t"
  find tests/fixtures tests/cmd seeds -type f \( -name '*.md' -o -name '*.txt' \) -size -64k |
    while IFS= read -r f; do
      cp "$f" "fuzz/corpus/$t/${f//\//_}"
    done
done
