#!/usr/bin/env bash
# Fill fuzz/corpus/<target>/ with the project's fixtures and seeds as starting inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
for t in load check; do
  mkdir -p "fuzz/corpus/$t"
  find tests/fixtures tests/cmd seeds -type f \( -name '*.md' -o -name '*.txt' \) -size -64k \
    -exec cp -t "fuzz/corpus/$t" {} +
done
