#!/usr/bin/env bash
# End to end with the real pre-commit framework: a site adds contentlint's hook, which pre-commit
# installs from a wheel; a clean commit passes, and a broken page blocks the commit with the
# diagnostic shown.
#
# The wheel is built here with maturin from the committed tree (pyproject.toml, as the release
# workflow builds it), and the hook is this repository's `contentlint` hook from
# .pre-commit-hooks.yaml, written as the local hook the README gives, with the wheel file in
# place of `contentlint==<version>` from PyPI. The test then proves that pre-commit installed
# that wheel and compiled nothing: the hook's environment records the wheel as its source,
# its binary is the wheel's, byte for byte, and cargo and rustc fail if anything calls them.
#
# Needs `pre-commit` and `maturin` on PATH (pip install pre-commit maturin), the Rust
# toolchain, and this repository committed. Builds under target/e2e-wheel/, so a second run
# rebuilds only what changed.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
rev=$(git -C "$repo" rev-parse HEAD)
work=$(mktemp -d "${TMPDIR:-/tmp}/contentlint-precommit.XXXXXX")
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# The wheel, from the committed tree only: work in progress in the checkout stays out of it.
# Its own target directory keeps this release build (stripped by maturin) from replacing
# target/release/contentlint. What is tested is how the hook installs, not the optimiser:
# without LTO and with parallel codegen the build takes a fraction of the release profile's.
build="${CARGO_TARGET_DIR:-$repo/target}/e2e-wheel"
rm -rf "$build/src" "$build/dist"
mkdir -p "$build/src" "$build/dist"
git -C "$repo" archive "$rev" | tar -x -C "$build/src"
maturin=(maturin)
command -v maturin >/dev/null 2>&1 || maturin=(python3 -m maturin)
if ! (cd "$build/src" && CARGO_TARGET_DIR="$build/target" CARGO_PROFILE_RELEASE_LTO=off \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 "${maturin[@]}" build --release --locked --out "$build/dist") >"$work/maturin.log" 2>&1; then
  cat "$work/maturin.log"
  fail "maturin could not build the wheel"
fi
wheels=("$build"/dist/contentlint-*.whl)
if [ "${#wheels[@]}" -ne 1 ] || [ ! -f "${wheels[0]}" ]; then
  fail "expected one wheel in $build/dist, found: ${wheels[*]}"
fi
wheel=${wheels[0]}
echo "wheel: ${wheel##*/}"

# The hook as .pre-commit-hooks.yaml defines it, read with the YAML parser pre-commit itself
# uses (its interpreter is the one on its shebang line).
pc_python=$(sed -n '1s/^#! *//p' "$(command -v pre-commit)")
"${pc_python:-python3}" -c 'import yaml' 2>/dev/null || pc_python=python3
pre-commit validate-manifest "$build/src/.pre-commit-hooks.yaml" || fail ".pre-commit-hooks.yaml is not a valid manifest"
hook=$("${pc_python:-python3}" - "$build/src/.pre-commit-hooks.yaml" "$wheel" <<'PY'
import json, sys, yaml
hooks = {h["id"]: h for h in yaml.safe_load(open(sys.argv[1]))}
h = dict(hooks["contentlint"])
if h.get("language") != "python":
    sys.exit(f"the contentlint hook has language {h.get('language')!r}, not python")
h.pop("description", None)
h["additional_dependencies"] = [sys.argv[2]]
# JSON is YAML: the hook goes into .pre-commit-config.yaml as one flow mapping.
print(json.dumps(h))
PY
) || fail "no usable contentlint hook in .pre-commit-hooks.yaml"

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
  - repo: local
    hooks:
      - $hook
YAML

# Anything that tries to compile while pre-commit installs or runs the hook fails, and is
# logged with its caller. Only a version query passes unlogged (and fails): pip asks
# `rustc --version` for its user agent.
mkdir -p "$work/nobuild"
for tool in cargo rustc rustup maturin; do
  cat > "$work/nobuild/$tool" <<SH
#!/bin/sh
case "\$*" in --version|-V) exit 1 ;; esac
echo "$tool \$* (from: \$(ps -o args= -p \$PPID 2>/dev/null))" >> "$work/compiled.log"
exit 1
SH
  chmod +x "$work/nobuild/$tool"
done
export PATH="$work/nobuild:$PATH"

pre-commit install >/dev/null
pre-commit install-hooks >"$work/install.log" 2>&1 || {
  cat "$work/install.log"
  fail "pre-commit could not install the hook from the wheel"
}
git add -A
if ! git commit -qm "clean site" >"$work/clean.log" 2>&1; then
  cat "$work/clean.log"
  fail "a clean commit was blocked"
fi

printf -- '---\ntitle: "Broken: never closed"\ndate: "2022-07-30T14:00:00"\n' > content/sessions/b-2.md
git add -A
if git commit -qm "broken page" >"$work/broken.log" 2>&1; then
  cat "$work/broken.log"
  fail "a broken page was committed"
fi
if ! grep -q "schema/unclosed" "$work/broken.log" || ! grep -q "content/sessions/b-2.md" "$work/broken.log"; then
  cat "$work/broken.log"
  fail "the diagnostic was not shown"
fi

# What pre-commit installed: the wheel file, and nothing compiled.
[ ! -e "$work/compiled.log" ] || { cat "$work/compiled.log"; fail "something tried to compile during the hook's install or run"; }
envs=("$PRE_COMMIT_HOME"/repo*/py_env-*)
[ -d "${envs[0]}" ] || fail "pre-commit made no Python environment under $PRE_COMMIT_HOME"
env=${envs[0]}
direct=$(find "$env" -path '*/contentlint-*.dist-info/direct_url.json' | head -n 1)
[ -n "$direct" ] || fail "contentlint is not installed in the hook's environment $env"
grep -q "${wheel##*/}" "$direct" || { cat "$direct"; fail "the hook's contentlint was not installed from ${wheel##*/}"; }
"${pc_python:-python3}" - "$wheel" "$env/bin/contentlint" <<'PY' || fail "the hook's binary is not the wheel's"
import sys, zipfile
wheel, installed = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith(".data/scripts/contentlint"))
    if z.read(name) != open(installed, "rb").read():
        sys.exit(f"{installed} differs from {name} in the wheel")
PY
if find "$PRE_COMMIT_HOME" -name Cargo.lock -o -name .rustc_info.json | grep -q .; then
  fail "a Cargo build was left in pre-commit's cache"
fi
echo "pre-commit end to end: 3 passed, 0 failed"
