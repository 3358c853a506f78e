#!/usr/bin/env python3
"""The kinds of edit that contentlint's safe fixes make, read from `check --format json`.

A kind is the rule and the shape of each edit, old text -> new text, with letters written
`a`, digits `9`, Han characters `汉`, a space `␠` and nothing `∅`, runs of one class kept
as one: `mt/token-spacing: ␠/ -> /`. With `--allowed FILE`, fails (exit 1) when a kind is
not in that reviewed list; with `--sample N`, prints N edits in context for reading.

usage: fix_kinds.py REPORT.json [--allowed FILE] [--sample N] [--root DIR]
"""
import argparse
import collections
import json
import os
import random
import sys


def shape(text):
    if text == "":
        return "∅"
    out = []
    for c in text:
        if c.isascii() and c.isalpha() or (not c.isascii() and c.isalpha() and not han(c)):
            k = "a"
        elif c.isdigit():
            k = "9"
        elif han(c):
            k = "汉"
        elif c == " ":
            k = "␠"
        elif c == "\n":
            k = "⏎"
        else:
            k = c
        if not (out and out[-1] == k and k in "a9汉␠"):
            out.append(k)
    return "".join(out)


def han(c):
    o = ord(c)
    return 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or o >= 0x20000


def offset(lines, line, column):
    """Character offset of a 1-based line and character column."""
    return sum(len(l) for l in lines[: line - 1]) + column - 1


def edits_of(report, root):
    texts = {}
    for d in report["diagnostics"]:
        fix = d.get("fix")
        if not fix or fix.get("applicability") != "safe":
            continue
        path = os.path.join(root, d["path"])
        if path not in texts:
            with open(path, encoding="utf-8-sig", newline="") as f:
                # Lines end at `\n` only, as contentlint counts them.
                texts[path] = [l + "\n" for l in f.read().split("\n")]
        lines = texts[path]
        parts = []
        for e in fix["edits"]:
            s = offset(lines, e["line"], e["column"])
            t = offset(lines, e["end_line"], e["end_column"])
            whole = "".join(lines)
            parts.append((whole[s:t], e["replacement"], whole, s, t))
        kind = d["rule"] + ": " + " + ".join(f"{shape(o)} -> {shape(n)}" for o, n, *_ in parts)
        yield kind, d, parts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("report")
    ap.add_argument("--allowed")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--root", default=".")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    with open(a.report, encoding="utf-8") as f:
        report = json.load(f)
    found = list(edits_of(report, a.root))
    counts = collections.Counter(k for k, _, _ in found)
    for kind, n in counts.most_common():
        print(f"{n:6}  {kind}")
    if a.sample:
        random.seed(a.seed)
        for kind, d, parts in random.sample(found, min(a.sample, len(found))):
            print(f"\n{d['path']}:{d['line']}:{d['column']}  {kind}")
            for old, new, whole, s, t in parts:
                before, after = whole[max(0, s - 40):s], whole[t:t + 40]
                ctx = lambda x: x.replace("\n", "⏎")
                print(f"  - {ctx(before)}[{ctx(old)}]{ctx(after)}")
                print(f"  + {ctx(before)}[{ctx(new)}]{ctx(after)}")
    if a.allowed:
        with open(a.allowed, encoding="utf-8") as f:
            allowed = {l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")}
        unknown = sorted(set(counts) - allowed)
        if unknown:
            print("\nedit kinds not in the reviewed list " + a.allowed + ":", file=sys.stderr)
            for k in unknown:
                print(f"  {k}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
