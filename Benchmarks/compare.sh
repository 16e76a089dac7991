#!/usr/bin/env bash
# Runs ctxlimits bench (every workload on 1 and T threads, each in its own process) and the NumPy
# baseline in one go, and prints per workload: both times, the speed-up, the rate against the
# machine's measured peak, the peak resident memory, the NumPy time (and how many cores NumPy kept
# busy) and the ratio; then the same as the Markdown table of the README's Speed section.
#   Benchmarks/compare.sh [--quick] [--only NAME] [--threads T]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release >/dev/null
ours=$(mktemp); theirs=$(mktemp)
trap 'rm -f "$ours" "$theirs"' EXIT
# The baseline takes --quick and --only as bench does (not --threads).
baseline=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[i]}" in
        --quick) baseline+=(--quick) ;;
        --only) baseline+=(--only "${args[i + 1]}") ;;
    esac
done
.build/release/ctxlimits bench "$@" --format json > "$ours"
python3 Benchmarks/baseline.py "${baseline[@]}" > "$theirs"
python3 - "$ours" "$theirs" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))
base = json.load(open(sys.argv[2]))
theirs = {w["workload"]: w for w in base["workloads"]}
T = ours["threads"][-1]
names = {"fused_multiply_add": "FMA", "sin_cos": "sin/cos", "normal": "normals", "chi_square": "χ²", "merge": "merged"}

def si(x):
    for unit, scale in (("T", 1e12), ("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(x) >= scale:
            return f"{x / scale:.3g}{unit}"
    return f"{x:.3g}"

def secs(x):
    return f"{x:.3g} s" if x < 100 else f"{x:,.0f} s"

print(f"machine: {ours['machine']}; threads: {' and '.join(map(str, ours['threads']))}; "
      f"other load during the run: {ours.get('other_load_cores') or 0:.2f} cores")
print(f"numpy {base['numpy']} ({base['machine']}); cores NumPy kept busy per workload: "
      + ", ".join(f"{w['workload']} {w.get('cores_used', 0):.2f}" for w in base["workloads"]))
for p in ours["peaks"]:
    print(f"peaks on {p['threads']} thread(s): " + ", ".join(f"{names[k]} {si(v)}/s" for k, v in p["rates"].items()))
rows = []
for w in ours["workloads"]:
    runs = {r["threads"]: r for r in w["runs"]}
    one, wide = runs[1], runs[T]
    op = w.get("dominant_operation")
    count = wide["operations"].get(op, 0) if op else 0
    rate = count / wide["median_seconds"] if op else None
    peak = wide.get("of_peak")
    t = theirs.get(w["workload"])
    numpy = t["median_seconds"] if t else None
    rows.append(dict(name=w["workload"], kind=w["kind"], description=w["description"], one=one["median_seconds"],
                     wide=wide["median_seconds"], speedup=w["speedup"], op=op, count=count, rate=rate, peak=peak,
                     rss=w["peak_rss_bytes"] / 2**20, load=max((r.get("other_load_cores") or 0) for r in w["runs"]),
                     numpy=numpy, estimated=bool(t and t.get("estimated")), numpy_cores=t.get("cores_used") if t else None,
                     result=w["result"]))
print()
header = f"{'workload':<24} {'1 thread':>9} {f'{T} threads':>10} {'1→' + str(T):>6} {'operations':>16} {'rate':>12} {'of peak':>8} {'RSS MiB':>8} {'load':>5} {'NumPy':>11} {'ratio':>9}"
print(header)
for r in rows:
    ops = f"{si(r['count'])} {names[r['op']]}" if r["op"] else "—"
    rate = f"{si(r['rate'])}/s" if r["rate"] else "—"
    peak = f"{100 * r['peak']:.0f} %" if r["peak"] else "—"
    numpy = (secs(r["numpy"]) + ("*" if r["estimated"] else "")) if r["numpy"] else "—"
    ratio = f"{r['numpy'] / r['wide']:.1f}×" if r["numpy"] else "—"
    print(f"{r['name']:<24} {r['one']:>9.3f} {r['wide']:>10.3f} {r['speedup']:>5.2f}× {ops:>16} {rate:>12} {peak:>8} "
          f"{r['rss']:>8.0f} {r['load']:>5.2f} {numpy:>11} {ratio:>9}")
print("* NumPy time estimated from a measured fraction (see baseline.py).")
print()
print("README table (Markdown):")
print()
print(f"| workload | 1 thread | {T} threads | speed-up 1→{T} | operations | rate | of peak | peak RSS | NumPy | ratio |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    ops = f"{si(r['count'])} {names[r['op']]}" if r["op"] else "—"
    rate = f"{si(r['rate'])}/s" if r["rate"] else "—"
    peak = f"{100 * r['peak']:.0f} %" if r["peak"] else "—"
    numpy = ("≈ " if r["estimated"] else "") + secs(r["numpy"]) if r["numpy"] else "—"
    ratio = (("≈ " if r["estimated"] else "") + f"{r['numpy'] / r['wide']:.1f}×") if r["numpy"] else "—"
    label = f"`{r['description']}`" if r["kind"] == "command" else r["description"]
    print(f"| {label} | {secs(r['one'])} | {secs(r['wide'])} | {r['speedup']:.2f}× | {ops} | {rate} | {peak} | {r['rss']:.0f} MiB | {numpy} | {ratio} |")
PY
