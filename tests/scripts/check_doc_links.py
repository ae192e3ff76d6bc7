#!/usr/bin/env python3
"""Checks the relative links of README.md and docs/*.md: each names a file or folder of the
repository, and a #fragment names a heading of the target (GitHub's anchors).

usage: check_doc_links.py [--log LOG] [FILE.md...]   (from the repository root; default: README.md docs/*.md)
Prints one line per broken link and writes PASS/FAIL doc-links/<file> lines to LOG."""
import glob
import os
import re
import sys

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^\s*(```|~~~)")


def anchors(path):
    """GitHub's heading anchors of a Markdown file: lower case, punctuation dropped, spaces to
    dashes, a repeated one numbered -1, -2, ..."""
    seen, out = {}, set()
    fenced = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if FENCE.match(line):
                fenced = not fenced
            if fenced:
                continue
            m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
            if not m:
                continue
            text = re.sub(r"`|\*\*|\[([^\]]*)\]\([^)]*\)", r"\1", m.group(1))
            slug = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
            n = seen.get(slug, 0)
            seen[slug] = n + 1
            out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def links(path):
    """(line number, target) of every Markdown link outside code blocks and code spans."""
    fenced = False
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            if FENCE.match(line):
                fenced = not fenced
                continue
            if fenced:
                continue
            for m in LINK.finditer(re.sub(r"`[^`]*`", "", line)):
                yield no, m.group(1)


def check(path):
    """The broken links of one file, as messages."""
    bad = []
    for no, target in links(path):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):   # http:, https:, mailto:
            continue
        file, _, frag = target.partition("#")
        dest = os.path.normpath(os.path.join(os.path.dirname(path), file)) if file else path
        if not os.path.exists(dest):
            bad.append(f"{path}:{no}: link to {target}: no such file {dest}")
        elif frag and dest.endswith(".md") and frag not in anchors(dest):
            bad.append(f"{path}:{no}: link to {target}: {dest} has no heading with anchor #{frag}")
    return bad


def main(argv):
    log = None
    if argv[:1] == ["--log"]:
        log, argv = argv[1], argv[2:]
    files = argv or ["README.md"] + sorted(glob.glob("docs/*.md"))
    failed = 0
    lines = []
    for path in files:
        bad = check(path)
        for b in bad:
            print(b)
        lines.append(f"{'FAIL' if bad else 'PASS'} doc-links/{path}")
        failed += bool(bad)
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
