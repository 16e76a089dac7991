#!/usr/bin/env python3
"""Tabulates runs of the reliability corpus: per surface (test of ReliabilityCorpusTests), the cases
tried, and those that crashed, hung, were silently accepted, got a bad message, or left a file (a
partial file, an overwritten input). Each case is counted once, in its worst class.

    swift test --filter ReliabilityCorpusTests > after.log                   # this build
    CTXLIMITS_EXECUTABLE=/path/to/other/ctxlimits swift test --skip-build \\
        --filter ReliabilityCorpusTests > before.log                          # another build
    python3 scripts/reliability_table.py before.log [after.log]

The cases tried are counted from the "corpus case:" lines the tests print."""
import re, sys, collections

ORDER = ["hangs", "crashes", "files left", "silent acceptances", "bad messages"]
PATTERNS = {
    "hangs": re.compile(r"no answer after"),
    "crashes": re.compile(r"ended by signal|Fatal error|Backtracing"),
    "files left": re.compile(r"failed but wrote|an input changed|first output of a failed run|interrupted, yet wrote|fileExists"),
    "silent acceptances": re.compile(r"exit [03], expected \[1\]|r\.code == 130"),
    "bad messages": re.compile(r"without a message|message lacks|stderr shows|expected|contains\(messageContains|standard output|isEmpty"),
}

def parse(path):
    lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
    tried = collections.Counter()
    blobs = collections.defaultdict(lambda: collections.defaultdict(str))
    for line in lines:
        m = re.search(r"corpus case: (\w+) \| (.*)", line)
        if m:
            tried[m.group(1)] += 1
    current = None
    for i, line in enumerate(lines):
        m = re.match(r"✘ Test (\w+)\(\) recorded an issue at [^:]+:\d+:\d+: (.*)", line)
        if not m:
            continue
        test, detail = m.group(1), m.group(2)
        label = None
        for j in range(i + 1, min(i + 6, len(lines))):
            if lines[j].startswith("✘"):
                break
            if lines[j].startswith("↳"):
                label = lines[j][2:].split(":")[0]
                detail += " " + lines[j]
                break
        label = label or current or detail[:40]
        current = label
        blobs[test][label] += " " + detail
    classes = collections.defaultdict(collections.Counter)
    # a signal after a timeout is the kill of a hang, not a crash
    for test, cases in blobs.items():
        for label, blob in cases.items():
            for name in ORDER:
                if PATTERNS[name].search(blob):
                    classes[test][name] += 1
                    break
    return tried, classes

runs = [parse(p) for p in sys.argv[1:]]
tried = runs[-1][0]
tests = sorted(set(tried) | {t for _, c in runs for t in c})
print("| surface | tried | " + " | ".join(ORDER) + " |")
print("|---|---|" + "---|" * len(ORDER))
for t in tests:
    cells = [" → ".join(str(c[t][name]) for _, c in runs) for name in ORDER]
    print(f"| {t} | {tried[t]} | " + " | ".join(cells) + " |")
totals = [" → ".join(str(sum(c[t][name] for t in tests)) for _, c in runs) for name in ORDER]
print(f"| **all** | {sum(tried.values())} | " + " | ".join(totals) + " |")
