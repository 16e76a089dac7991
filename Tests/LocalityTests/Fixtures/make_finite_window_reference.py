#!/usr/bin/env python3
"""Reference values for the finite-window theory of Wu, Du & Peng (2026, arXiv 2609.39929), computed
in float64 with NumPy from the paper's formulas (eqs. 4/12, 20, 26-30, 28, Theorem 1, D.2.1), and the
three position-inversion protocols by exact counting. Writes finite_window.json beside this script.
Run: python3 Tests/LocalityTests/Fixtures/make_finite_window_reference.py  (not needed by swift test)
"""
import json
import math
import pathlib

import numpy as np

here = pathlib.Path(__file__).resolve().parent


def Phi(x):
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def grid(B, h):
    rho = B ** (-1.0 / h)
    return rho, rho ** np.arange(h)


def gamma(rho, CF, eps):
    return 2 * CF / ((1 - rho) * eps)


def analysis(B, h, M, CF, eps, zeta, omega=None):
    rho, w = grid(B, h)
    w = w if omega is None else np.asarray(omega)
    G = gamma(rho, CF, eps)
    high = [int(n) for n in np.nonzero(M * w >= G)[0]]
    kN = h - len(high)
    RF = float(np.sqrt((np.abs(np.exp(1j * w) - 1) ** 2).sum()))
    ell = max(zeta - G * math.sqrt(h) / M, 0) / RF
    r = min(ell, 1.0)
    u = eps * r + math.sqrt(kN) * math.sqrt(1 - r * r)
    v = max(math.sqrt(0.5 - eps) * r - math.sqrt(kN) * math.sqrt(1 - r * r), 0)
    p_lower = 0.0 if v <= 0 else max(Phi(-u / v), 0)
    msuff = max(2, math.ceil(G / w.min()), math.floor(G * math.sqrt(h) / zeta) + 1)
    return {"base": B, "h": h, "window": M, "frame_constant": CF, "epsilon": eps, "zeta": zeta, "gamma": G,
            "high_band": high, "r_f": RF, "response_floor": ell, "p_rev_lower": p_lower, "m_suff": msuff}


def scores(b, d, L):
    h = d // 2
    th = b ** (-2 * np.arange(h) / d)
    out = np.empty(L)
    for s in range(0, L, 65536):
        r = np.arange(s, min(L, s + 65536), dtype=np.float64)
        out[s:s + len(r)] = 2 * np.cos(r[:, None] * th[None, :]).sum(1)
    return out


def greater(far, near):
    ns = np.sort(near)
    return float(np.searchsorted(ns, far, side="left").sum() / (len(far) * len(near)))


def all_pairs(s):
    # P[s(r2) > s(r1)] over r1 < r2 by merge counting (the same definition as the Swift code, independently written)
    L = len(s)
    order = np.argsort(s, kind="stable")
    # count pairs i<j with s_i < s_j: for each j, number of earlier indices with smaller value
    ranks = np.empty(L, dtype=np.int64)
    ranks[order] = np.arange(L)
    tree = np.zeros(L + 1, dtype=np.int64)
    total = 0
    vals = np.sort(np.unique(s))
    idx = np.searchsorted(vals, s)
    tree = np.zeros(len(vals) + 1, dtype=np.int64)
    for j in range(L):
        i = idx[j]
        c, k = 0, i          # prefix sum of values strictly below s_j
        while k > 0:
            c += tree[k]; k -= k & -k
        total += c
        k = i + 1
        while k <= len(vals):
            tree[k] += 1; k += k & -k
    return total / (L * (L - 1) / 2)


if __name__ == "__main__":
    out = {"analyses": [], "operational_qwen3": [], "delta_star": [], "c_g": [], "protocols": []}
    for B in (1e4, 5e5, 1e6):
        for eps, CF in ((0.25, 2 * math.pi), (0.1, 2 * math.pi), (0.1, 0.06)):
            for M in (4096, 32768, 1 << 20, 1 << 24, 1 << 28):
                out["analyses"].append(analysis(B, 64, M, CF, eps, 0.5))
    rho, w = grid(1e6, 64)
    for M in (8192, 32768, 131072):
        a = analysis(1e6, 64, M, 0.06, 0.1, 0.5)
        out["operational_qwen3"].append({"window": M, "high_band_size": len(a["high_band"]), "threshold": a["gamma"],
                                         "m_omega_51": float(M * w[51])})
    for eps in (0.1, 0.25, 0.4):
        out["delta_star"].append([eps, Phi(-eps / math.sqrt(0.5 - eps))])
        out["c_g"].append([eps, eps / math.sqrt(math.pi) + math.log(1 / (1 - 2 * eps)) / (2 * math.sqrt(2 * math.pi * math.e))])
    for b in (1e4, 5e5):
        for L in (4096, 32768):
            s = scores(b, 128, 3 * L + 1)
            out["protocols"].append({"base": b, "context": L, "all-pairs": all_pairs(s[:L]), "halves": greater(s[L // 2:L], s[:L // 2]),
                                     "intervals": greater(s[2 * L + 1:3 * L + 1], s[L + 1:2 * L + 1])})
    (here / "finite_window.json").write_text(json.dumps(out, indent=1) + "\n")
    print("wrote", here / "finite_window.json")
