#!/usr/bin/env bash
# Runs ctxlimits bench and the NumPy baseline in one go and prints the ratio per workload.
#   Benchmarks/compare.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release >/dev/null
ours=$(mktemp); theirs=$(mktemp)
trap 'rm -f "$ours" "$theirs"' EXIT
.build/release/ctxlimits bench "$@" --format json > "$ours"
python3 Benchmarks/baseline.py "$@" > "$theirs"
python3 - "$ours" "$theirs" <<'PY'
import json, sys
ours = {w["workload"]: w for w in json.load(open(sys.argv[1]))["workloads"]}
base = json.load(open(sys.argv[2]))
theirs = {w["workload"]: w for w in base["workloads"]}
print(f"machine: {base['machine']}, numpy {base['numpy']}")
print(f"{'workload':<20} {'ctxlimits (s)':>14} {'numpy (s)':>12} {'speed-up':>10}")
for name, w in ours.items():
    t = theirs.get(name)
    if t is None:
        print(f"{name:<20} {w['median_seconds']:>14.3f} {'—':>12} {'—':>10}")
        continue
    mark = " (numpy estimated)" if t.get("estimated") else ""
    print(f"{name:<20} {w['median_seconds']:>14.3f} {t['median_seconds']:>12.3f} {t['median_seconds'] / w['median_seconds']:>9.1f}×{mark}")
PY
