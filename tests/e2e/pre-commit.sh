#!/usr/bin/env bash
# End to end with the real pre-commit framework: a site adds this repository's hook, a clean
# commit passes, and a broken page blocks the commit with the diagnostic shown.
# Needs `pre-commit` on PATH (pip install pre-commit) and this repository committed.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
rev=$(git -C "$repo" rev-parse HEAD)
work=$(mktemp -d "${TMPDIR:-/tmp}/contentlint-precommit.XXXXXX")
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"

mkdir -p "$work/site/content/sessions"
cd "$work/site"
git init -q
git config user.email ci@example.com
git config user.name ci
git config commit.gpgsign false
cat > config.toml <<'TOML'
baseURL = "/"
defaultContentLanguage = "en"
[languages.en]
weight = 1
[languages.zh]
weight = 2
TOML
mkdir -p content/tracks
printf -- '---\ntitle: "Streaming"\n---\n' > content/tracks/streaming.md
printf -- '---\ntitle: "流处理"\n---\n' > content/tracks/streaming.zh.md
cat > content/sessions/a-1.md <<'MD'
---
title: "A clean session"
date: "2022-07-30T14:00:00"
track: "streaming"
presenters: "Jing Li"
stype: "English Session"
---
This talk shows how the team runs Apache Flink jobs in production.
MD
cat > content/sessions/a-1.zh.md <<'MD'
---
title: "一场没有问题的演讲"
date: "2022-07-30T14:00:00"
track: "streaming"
presenters: "Jing Li"
stype: "英文演讲"
---
本次分享介绍团队如何在生产环境中运行 Apache Flink 作业。
MD
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: contentlint
YAML
pre-commit install >/dev/null
git add -A
if ! git commit -qm "clean site" >"$work/clean.log" 2>&1; then
  cat "$work/clean.log"
  echo "FAIL: a clean commit was blocked" >&2
  exit 1
fi

printf -- '---\ntitle: "Broken: never closed"\ndate: "2022-07-30T14:00:00"\n' > content/sessions/b-2.md
git add -A
if git commit -qm "broken page" >"$work/broken.log" 2>&1; then
  cat "$work/broken.log"
  echo "FAIL: a broken page was committed" >&2
  exit 1
fi
if ! grep -q "schema/unclosed" "$work/broken.log" || ! grep -q "content/sessions/b-2.md" "$work/broken.log"; then
  cat "$work/broken.log"
  echo "FAIL: the diagnostic was not shown" >&2
  exit 1
fi
echo "pre-commit end to end: 2 passed, 0 failed"
