#!/usr/bin/env python3
"""Prints Figures/case-study.csv (written by `ctxlimits check --all --csv ...`) as the Markdown
table of the README's case-study section."""
import csv
import pathlib

root = pathlib.Path(__file__).resolve().parents[1]


def short(x):
    try:
        return f"{float(x):.4g}"
    except ValueError:
        return x


lines = ["| model | L | N | layer type | rope, base | effective base | cos(L·ω_min) | cos(L·ω_min)^N | min K | verdict |",
         "|---|---|---|---|---|---|---|---|---|---|"]
for r in csv.DictReader(open(root / "Figures" / "case-study.csv")):
    if not r["rope_type"]:
        lines.append(f"| {r['model']} | {r['context_length'] or '–'} | – | – | – | – | – | – | – | {r['verdict']} |")
        continue
    lines.append(f"| {r['model']} | {r['context_length']} | {r['layers']} | {r['layer_type']} | {r['rope_type']}, {short(r['rope_theta'])} "
                 f"| {short(r['effective_base'])} | {short(r['dc_coherence'])} | {short(r['depth_coherence'])} | {short(r['min_kernel'])} | {r['verdict']} |")
print("\n".join(lines))
