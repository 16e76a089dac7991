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
    lines = ["| # | model | L | layer type | rope, base | effective base | min K | max_context (binding) | verdict |",
             "|---|---|---|---|---|---|---|---|---|"]
    without = []
    for number, r in enumerate(csv.DictReader(open(root / "Figures" / "case-study.csv")), start=1):
        if not r["rope_type"]:
            without.append(f"{number} {r['model']}")
            continue
        reach = f"{int(r['max_context']):,} ({r['binding_bound']})".replace(",", " ") if r["max_context"] else "> horizon"
        lines.append(f"| {number} | {r['model']} | {r['context_length']} | {r['layer_type']} | {r['rope_type']}, {short(r['rope_theta'])} "
                     f"| {short(r['effective_base'])} | {short(r['min_kernel'])} | {reach} | {r['verdict']} |")
    lines.append("")
    lines.append(f"Without rotary layers (no RoPE bound applies): {', '.join(without)}.")
    return "\n".join(lines)


def validation():
    subprocess.run(["swift", "build", "-c", "release", "--product", "ctxlimits"], cwd=root, check=True, capture_output=True)
    v = json.loads(subprocess.run([str(root / ".build/release/ctxlimits"), "validate", "--format", "json"], cwd=root,
                                  check=True, capture_output=True, text=True).stdout)
    rows = v["rows"]
    order = sorted(v["summary"].items(), key=lambda kv: -kv[1]["contradicted"])
    out = ["| bound | contradicted by | models | ρ(max_context, measured) |", "|---|---|---|---|"]
    for bound, s in order:
        rho = f"{s['spearman']:.2f}" if s["spearman"] is not None else "–"
        out.append(f"| {bound} | {s['contradicted']} of {s['rows']} | {', '.join(s['models']) or '–'} | {rho} |")
    any_bound = sum(1 for r in rows if r["contradicted"])
    rho = f"{v['spearman']:.2f}" if v["spearman"] is not None else "undefined"
    out.append(f"| any bound | {any_bound} of {len(rows)} | | {rho} (model max_context) |")
    c = v["contingency"]
    out += ["", "At the claimed length (every bound together): the bounds hold for "
            f"{c['holds_effective'] + c['holds_not_effective']} of {len(rows) - c['undetermined']} models; "
            f"of the {c['fails_effective'] + c['fails_not_effective']} they reject, {c['fails_effective']} were measured "
            f"effective there and {c['fails_not_effective']} were not."]
    return "\n".join(out)


text = (root / "README.md").read_text()
for name, body in [("case-study", case_study()), ("validation", validation())]:
    pattern = re.compile(rf"(<!-- {name}:begin -->\n).*?(<!-- {name}:end -->)", re.S)
    assert pattern.search(text), f"README.md has no {name} markers"
    text = pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)
(root / "README.md").write_text(text)
print("rewrote the case-study and validation tables of README.md")
