#!/usr/bin/env python3
"""Rewrites the generated tables of README.md between their markers:
  <!-- case-study:begin/end -->  from Figures/case-study.csv (`ctxlimits reproduce --only case-study`);
  <!-- validation:begin/end -->  from `ctxlimits validate --format json` (the release binary, built first).
Run after either changes."""
import csv
import json
import pathlib
import re
import subprocess

root = pathlib.Path(__file__).resolve().parents[1]


def short(x):
    try:
        return f"{float(x):.4g}"
    except ValueError:
        return x


def case_study():
    # "#": the model's number in every figure's key (its place among the bundled configs sorted
    # by name, the order of `check --all` and of this CSV).
    lines = ["| # | model | L | layer type | rope, base | effective base | min K | every bound: max_context (binding) | gate: max_context | verdict |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    without = []
    for number, r in enumerate(csv.DictReader(open(root / "Figures" / "case-study.csv")), start=1):
        if not r["rope_type"]:
            without.append(f"{number} {r['model']}")
            continue
        reach = f"{int(r['max_context']):,} ({r['binding_bound']})".replace(",", " ") if r["max_context"] else "> horizon"
        gate = f"{int(r['gate_max_context']):,}".replace(",", " ") if r["gate_max_context"] else "> horizon"
        lines.append(f"| {number} | {r['model']} | {r['context_length']} | {r['layer_type']} | {r['rope_type']}, {short(r['rope_theta'])} "
                     f"| {short(r['effective_base'])} | {short(r['min_kernel'])} | {reach} | {gate} | {r['verdict']} |")
    lines.append("")
    lines.append(f"Without rotary layers (no RoPE bound applies): {', '.join(without)}.")
    return "\n".join(lines)


def validation():
    subprocess.run(["swift", "build", "-c", "release", "--product", "ctxlimits"], cwd=root, check=True, capture_output=True)
    v = json.loads(subprocess.run([str(root / ".build/release/ctxlimits"), "validate", "--format", "json"], cwd=root,
                                  check=True, capture_output=True, text=True).stdout)
    rows = v["rows"]
    summary = v["summary"]
    def rho(x):
        return f"{x:.2f}" if x is not None else "–"
    order = sorted(((b, s) for b, s in summary.items() if b not in ("verdict", "kernel_other_reading")), key=lambda kv: -kv[1]["contradicted"])
    reading = v["kernel_reading"]
    other = "exact" if reading == "threshold" else "threshold"
    out = ["| bound (reading) | contradicted by | models | ρ(max_context, measured) |", "|---|---|---|---|"]
    g = summary["verdict"]
    out.append(f"| **the gate ({', '.join(g['gate'])}): check's verdict and max_context** | {g['contradicted']} of {g['rows']} "
               f"| {', '.join(g['models']) or '–'} | {rho(g['spearman'])} |")
    for bound, s in order:
        name = f"kernel ({reading})" if bound == "kernel" else bound
        out.append(f"| {name} | {s['contradicted']} of {s['rows']} | {', '.join(s['models']) or '–'} | {rho(s['spearman'])} |")
    o = summary["kernel_other_reading"]
    out.append(f"| kernel ({other}) | {o['contradicted']} of {o['rows']} | {', '.join(o['models']) or '–'} | {rho(o['spearman'])} |")
    any_bound = sum(1 for r in rows if r["contradicted"])
    out.append(f"| any bound | {any_bound} of {len(rows)} | | {rho(v['spearman_all_bounds'])} (smallest of every bound) |")
    for name, b in v["baselines"].items():
        out.append(f"| baseline: {name} (read off the label) | – | {b['rows']} rows | {rho(b['spearman'])} |")
    c = g["contingency"]
    out += ["", "At the claimed length (the gate): it holds for "
            f"{c['holds_effective'] + c['holds_not_effective']} of {len(rows) - c['undetermined']} models "
            f"({c['holds_effective']} measured effective there, {c['holds_not_effective']} not); "
            f"of the {c['fails_effective'] + c['fails_not_effective']} it rejects, {c['fails_effective']} "
            f"{'was' if c['fails_effective'] == 1 else 'were'} measured effective there and {c['fails_not_effective']} "
            f"{'was' if c['fails_not_effective'] == 1 else 'were'} not."]
    return "\n".join(out)


text = (root / "README.md").read_text()
for name, body in [("case-study", case_study()), ("validation", validation())]:
    pattern = re.compile(rf"(<!-- {name}:begin -->\n).*?(<!-- {name}:end -->)", re.S)
    assert pattern.search(text), f"README.md has no {name} markers"
    text = pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)
(root / "README.md").write_text(text)
print("rewrote the case-study and validation tables of README.md")
