#!/usr/bin/env python3
"""Writes the project's notebooks (Jupyter, Python kernel) from the cells below.

Each notebook calls the built `ctxlimits` for its data (never reimplements its numerics), shows tables
with pandas and figures with matplotlib, and explains what each result means and where its formula
comes from. Run `python3 Notebooks/make_notebooks.py` after editing; `Notebooks/run_notebooks.py`
executes them headlessly (CI does).
"""
import json
import pathlib

here = pathlib.Path(__file__).resolve().parent

SETUP = '''import json, os, shutil, subprocess, pathlib
import pandas as pd
import matplotlib.pyplot as plt

ROOT = pathlib.Path.cwd()
while not (ROOT / "Package.swift").exists() and ROOT != ROOT.parent:
    ROOT = ROOT.parent
TOOL = os.environ.get("CTXLIMITS")
if TOOL and not os.path.isabs(TOOL):
    TOOL = str(ROOT / TOOL)              # relative to the repository, not the notebook's folder
TOOL = TOOL or next(
    (str(p) for p in [ROOT / ".build/release/ctxlimits", ROOT / ".build/debug/ctxlimits"] if p.exists()),
    shutil.which("ctxlimits"))
assert TOOL, "build ctxlimits first: swift build -c release"

def ctx(*args, ok=(0,)):
    """Runs ctxlimits with --format json and returns the parsed output."""
    r = subprocess.run([TOOL, *map(str, args), "--format", "json"], capture_output=True, text=True)
    assert r.returncode in ok, r.stderr
    return json.loads(r.stdout)

def ctx_csv(*args, ok=(0,)):
    """Runs ctxlimits with --format csv and returns a DataFrame."""
    import io
    r = subprocess.run([TOOL, *map(str, args), "--format", "csv"], capture_output=True, text=True)
    assert r.returncode in ok, r.stderr
    return pd.read_csv(io.StringIO(r.stdout))
print(os.path.relpath(TOOL, ROOT) if TOOL.startswith(str(ROOT)) else TOOL)'''


def notebook(cells):
    return {
        "cells": [
            {"cell_type": kind, "id": f"cell-{i}", "metadata": {}, "source": text.strip("\n").splitlines(keepends=True),
             **({"outputs": [], "execution_count": None} if kind == "code" else {})}
            for i, (kind, text) in enumerate(cells)
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                     "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


def md(text):
    return ("markdown", text)


def code(text):
    return ("code", text)


NOTEBOOKS = {
    "01-feasibility-and-model-check": [
        md("""# Feasible RoPE bases and checking real configs

The phase-modulation view (Liu 2026) treats RoPE as a bank of oscillators θ_k = b^(−2k/d). Its bounds, as
**reconstructed** by this project from a secondary summary (the paper's text was not available), ask that the
slowest oscillator ω_min neither wrap (aliasing, L < 2π/ω_min) nor drift too far over the context
(cos(L·ω_min) ≥ ε, compounded over N layers: cos(L·ω_min)^N ≥ ε), while staying above the resolution of the
format angles are computed in (ω_min > ε_mach). Everything below is this tool's verdict under its stated
conventions: ε = 0.5, fp32 angles, ω_min of the actual scaled spectrum."""),
        code(SETUP),
        md("## One model\n`ctxlimits check` evaluates every bound per layer type and exits 3 when one fails."),
        code('''r = ctx("check", "llama-3.1-8b", ok=(0, 3))
pd.DataFrame([{"bound": k, **v} for k, v in r["bounds"].items()])'''),
        code('''print("effective base 1/ω_min:", r["effective_base"], " dc coherence:", r["dc_coherence"], " depth coherence:", r["depth_coherence"])
pd.Series(r["precision_walls"], name="L_wall (tokens)")'''),
        md("""The kernel bound fails: K(m) = Σ cos(m θ_i) (Men et al. 2024) dips below zero at some distance under
131072, although every phase-modulation bound holds. The Men et al. condition is not monotone in the base,
so this is not fixed by the same margin that fixes the depth bound."""),
        md("## All bundled configs (the case study)"),
        code('''cases = ctx_csv("check", "--all", ok=(0, 3))
cases[["model", "context_length", "layers", "rope_type", "effective_base", "dc_coherence", "depth_coherence", "min_kernel", "verdict"]]'''),
        md("## The feasible region\nBetween the depth lower bound and each format's ceiling 1/ε_mach; it closes at the precision wall."),
        code('''walls = ctx("feasibility", "--walls")
fig, ax = plt.subplots(figsize=(6, 4))
for name, values in walls["walls"].items():
    ax.loglog(walls["layers"], values, label=name)
ax.axhline(2**20, color="gray", ls="--", lw=1)
ax.set_xlabel("depth N"); ax.set_ylabel("L_wall (tokens)"); ax.legend(); ax.set_title("precision wall, ε = 0.5")
plt.show()'''),
        code('''f = ctx_csv("feasibility", "--layers", "32")
fig, ax = plt.subplots(figsize=(6, 4))
ax.loglog(f.context_length, f.depth_min_base, label="depth bound, N = 32")
ax.loglog(f.context_length, f.aliasing_min_base, label="aliasing L/2π")
ax.axhline(f.fp32_max_base[0], color="C3", ls="--", label="fp32 ceiling")
models = ctx("feasibility", "--layers", "32")["models"]
ax.scatter([m["context_length"] for m in models], [m["effective_base"] for m in models], s=10, color="k", label="bundled models")
ax.set_xlabel("context L"); ax.set_ylabel("effective base"); ax.legend(fontsize=8)
plt.show()'''),
        md("""## Finite precision: positional erasure
Directly computed angles fl(m·θ) first collide for consecutive positions in [2^p, 2^(p+1)] (p = fraction
bits), whatever the base — derived here and checked by simulation."""),
        code('''e = ctx("erasure", "llama-3.1-8b", "--precision", "bf16", "--context", "65536")
pd.DataFrame([{k: v[k] for k in ("variant", "first_collision", "erased_channels", "max_phase_error")} for v in e["variants"]])'''),
    ],
    "02-kernel-bound-and-decay": [
        md("""# The Men et al. kernel bound and RoFormer's decay

Men et al. (NeurIPS 2024) show that E[qᵀR_m k̃] − E[qᵀR_m k] = 2σ² K(m) with K(m) = Σ_i cos(m θ_i), and ask
K(m) ≥ 0 for all m < L. The smallest such base b*(L) is not found by bisection: valid bases form islands.
`ctxlimits base-bound` walks the base upward and skips only bases *proved* invalid by a derivative bound,
so it returns a valid base with no valid island wider than its resolution below it."""),
        code(SETUP),
        code('''k = ctx("kernel", "--base", 26950, "--head-dim", 128, "--context", 4096)
k2 = ctx("kernel", "--base", 26954, "--head-dim", 128, "--context", 4096)
k3 = ctx("kernel", "--base", 27500, "--head-dim", 128, "--context", 4096)
pd.DataFrame([k, k2, k3])[["min_kernel", "argmin_distance", "holds"]].assign(base=[26950, 26954, 27500])'''),
        md("A valid island at 26954 sits between invalid bases: bisection between 2·10⁴ and 3·10⁴ would miss it."),
        code('''b = ctx("base-bound", "--context", 4096, "--head-dim", 128)
b'''),
        md("## The d = 128 table\nThe committed figure data: this tool's certified values next to the paper's row and Su's recomputation."),
        code('''table = pd.read_csv(ROOT / "Figures/base-bound.csv")
table'''),
        code('''fig, ax = plt.subplots(figsize=(6, 4))
ax.loglog(table.context_length, table.min_base, "o-", label="ctxlimits (certified)")
ax.loglog(table.context_length, table.paper, "s", label="Men et al. table")
ax.loglog(table.context_length, table.su_recomputation, "^", label="Su's recomputation")
ax.loglog(table.context_length, table.paper_fit, "--", label="paper fit 0.0424·L^1.628")
ax.set_xlabel("L"); ax.set_ylabel("b*(L)"); ax.legend(); plt.show()'''),
        md("## RoFormer's relative upper bound\nU(r) = (1/(d/2)) Σ_j |S_j(r)| decays with distance, but not monotonically, and only bounds |score|."),
        code('''d = ctx("decay", "--base", 10000, "--head-dim", 128, "--max-distance", 2000, "--step", 4)
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(d["distance"], d["relative_upper_bound"], label="U(r)")
ax.plot(d["distance"], [v / 64 for v in d["kernel"]], label="K(r)/(d/2)")
ax.set_xlabel("r"); ax.legend(); plt.show()'''),
        md("## Extrapolation scaling laws (Liu et al., ICLR 2024)"),
        code('''x = ctx("extrapolation", "--base", 1e6, "--head-dim", 128, "--train-length", 4096, "--tune-length", 16384, "--target", 1000000)
{k: x[k] for k in ("critical_dimension", "critical_base", "extrapolation_limit", "base_needed")}'''),
    ],
    "03-locality": [
        md("""# Locality bias and token consistency

Two models answer different questions.

1. **Correlated Gaussian content** (derived in the project's reference, not from a paper): q ~ N(0, I),
   k = ρq + √(1−ρ²)ξ. The probability that a far key outscores a near one has a closed characteristic
   function; `ctxlimits locality` integrates it exactly (Gil-Pelaez), and gives the normal approximation and a
   Monte Carlo estimate. With ρ = 0 it is exactly 1/2 — no locality at any distance.
2. **Fixed content, uniform positions** — a reconstruction of Du et al. (2026), whose text was not available:
   for fixed q, k the relative distance is uniform over the context; the share of position pairs where the
   farther copy scores higher approaches 1/2 as the context grows."""),
        code(SETUP),
        code('''rows = []
for near, far in [(1, 1000), (100, 100000), (1000, 100000)]:
    r = ctx("locality", "--base", 1e4, "--head-dim", 128, "--rho", 0.5, "--near", near, "--far", far, "--method", "all", "--samples", 200000)
    rows.append({"near": near, "far": far, **{m["method"]: m["inversion_probability"] for m in r["methods"]}})
pd.DataFrame(rows)'''),
        code('''c = ctx_csv("locality", "--context", 262144, "--bases", "1e4,5e5,1e7")
fig, ax = plt.subplots(figsize=(6, 4))
for base, g in c.groupby("base"):
    ax.semilogx(g.context_length, g.position_inversion, label=f"base {base:g}")
ax.axhline(0.5, color="gray", ls="--"); ax.set_xlabel("context L"); ax.set_ylabel("position inversion rate"); ax.legend()
plt.show()'''),
        md("With base 10⁴ the rate reaches 1/2 near 32K tokens; larger bases delay the collapse."),
        code('''t = ctx_csv("locality", "--context", 16384, "--sweep", "base", "--content", "gaussian", "--rho", 0.5)
t'''),
    ],
    "04-state-capacity": [
        md("""# Recurrent state capacity

State sizes follow the official cache shapes (Mamba-2: layers × heads × head_dim × d_state; RWKV-5/6:
L(2D + D²/h)). Stuffed Mamba's empirical laws (fits from the authors' own figures) give the training length
beyond which the model learns to forget and the passkey capacity; Jelassi et al.'s bound gives the longest
string a state of b bits can copy."""),
        code(SETUP),
        code('''names = ["mamba2-130m", "mamba2-370m", "mamba2-780m", "mamba2-1.3b", "mamba2-2.7b", "rwkv6-finch-7b", "jamba-v0.1", "falcon-h1-0.5b"]
pd.DataFrame([{"model": n, **{k: ctx("capacity", n)[k] for k in ("state_elements", "state_elements_with_conv", "forget_length", "passkey_length", "copy_length", "laws_extrapolated")}} for n in names])'''),
        md("With the d_conv − 1 informative conv columns counted, the 130m and 370m states are 4.85 M and 12.91 M elements — the 4.8 M and 12.9 M Stuffed Mamba reports."),
        code('''laws = ctx_csv("capacity", "--laws")
fig, ax = plt.subplots(figsize=(6, 4))
ax.semilogy(laws.state_millions, laws.forget_length_k.clip(lower=0.1), label="T_forget")
ax.semilogy(laws.state_millions, laws.passkey_length_k.clip(lower=0.1), label="T_recall")
ax.axvline(12.9, color="gray", ls="--"); ax.set_xlabel("state (M elements)"); ax.set_ylabel("K tokens"); ax.legend()
plt.show()'''),
        code('''m = ctx_csv("capacity", "--compare", "mamba2-2.7b,jamba-v0.1,llama-3.1-8b,mistral-7b-v0.1")
fig, ax = plt.subplots(figsize=(6, 4))
for name, g in m.groupby("model"):
    ax.loglog(g.context_length, g.total_bytes, label=name)
ax.set_xlabel("context"); ax.set_ylabel("state + KV bytes"); ax.legend(); plt.show()'''),
    ],
    "05-validation": [
        md("""# Do the bounds agree with measured context lengths?

Every bound is a necessary condition: where it fails, the model should not work. `ctxlimits validate` tests
that against measurements, by default every bundled table (`Examples/measurements`: RULER's effective lengths,
Hsieh et al. 2024; NoLiMa's, Modarressi et al. 2025; RULER as the Phi-3/3.5 model cards report it). A
measurement **contradicts** a bound when the bound's `max_context` (how far the config goes before the bound
first fails) is below the measured length. Nothing is fitted: ε = 0.5, fp32 angles, the exact convention, the
kernel bound read as Men et al. state it (rope_theta ≥ b*(L)); its exact per-base reading is reported beside it."""),
        code(SETUP),
        code('''v = ctx("validate")
rows = pd.DataFrame(v["rows"])
rows["contradicted"] = rows.contradicted.map(", ".join)
rows[["model", "config", "measured_length", "claimed_length", "max_context", "binding_bound", "contradicted", "note"]]'''),
        md("## Contradictions per bound, contradictions first"),
        code('''summary = pd.DataFrame([{"bound": b, "contradicted": s["contradicted"], "of": s["rows"], "spearman": s["spearman"],
                         "models": ", ".join(s["models"])} for b, s in v["summary"].items()])
summary.sort_values("contradicted", ascending=False)'''),
        md("""`verdict` is the gate `check` exits with (the kernel bound, threshold reading); `kernel_other_reading` is
the exact per-base reading, contradicted about twice as often. The fp32 precision ceiling is contradicted by
every measured model above it. `check` prints each bound's count next to its reach."""),
        md("## Does the theory beat reading the label?"),
        code('''pd.DataFrame([{"predictor": "the gate's reach (check's max_context)", "spearman": v["spearman"]},
              {"predictor": "every bound's smallest reach", "spearman": v["spearman_all_bounds"]}]
             + [{"predictor": f"label: {name}", "spearman": b["spearman"]} for name, b in v["baselines"].items()])'''),
        md("""On these tables the gate's reach ranks the measured lengths about as well as the claimed length does, and
no better: the measured lengths sit far below almost every reach."""),
        md("## At the claimed length: the 2×2 tables"),
        code('''pd.DataFrame({b: s["contingency"] for b, s in v["summary"].items()} | {"every bound": v["contingency"]}).T'''),
        md("## Predicted reach against measured length"),
        code('''reach = rows.max_context.fillna(v["horizon"]).clip(lower=1024)
bad = rows.contradicted != ""
fig, ax = plt.subplots(figsize=(7, 5))
ax.loglog(rows.measured_length[~bad], reach[~bad], "o", label="consistent with every bound")
ax.loglog(rows.measured_length[bad], reach[bad], "s", label="contradicts a bound")
lim = [2048, 4e5]; ax.plot(lim, lim, "k--", lw=1, label="max_context = measured")
shown = rows[bad].assign(reach=reach[bad], name=rows.model.str.split(" (", regex=False).str[0])
for (x, y), g in shown.groupby(["measured_length", "reach"]):      # coincident points share one label
    ax.annotate("\\n".join(g.name), (x, y), fontsize=7, xytext=(4, 2), textcoords="offset points", va="bottom")
ax.set_xlabel("measured effective length (tokens)"); ax.set_ylabel("predicted max_context (reach 0 drawn at 1024)")
ax.legend(); plt.show()
print("Spearman rho(max_context, measured):", v["spearman"])'''),
    ],
}

for name, cells in NOTEBOOKS.items():
    (here / f"{name}.ipynb").write_text(json.dumps(notebook(cells), indent=1) + "\n")
print("wrote", len(NOTEBOOKS), "notebooks")
