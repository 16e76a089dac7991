#!/usr/bin/env python3
"""The workloads of `ctxlimits bench`, written in plain NumPy the way a user would
(vectorised over channels, chunked over positions). Prints JSON like `ctxlimits bench --format json`.

  python3 Benchmarks/baseline.py [--quick] [--only NAME]

Workloads that a NumPy user could not finish in reasonable time are reported with the time of a
measured fraction and an extrapolation, marked as such.
"""
import argparse
import json
import os
import time

import numpy as np


def kernel_min(L, base=1e4, d=128, chunk=20000):
    theta = base ** (-np.arange(0, d, 2) / d)
    best, arg = np.inf, -1
    for s in range(0, L, chunk):
        m = np.arange(s, min(L, s + chunk), dtype=np.float64)
        k = np.cos(np.outer(m, theta)).sum(axis=1)
        j = int(k.argmin())
        if k[j] < best:
            best, arg = float(k[j]), s + j
    return f"min K = {best} at m = {arg}"


def valid(L, b, d=128, block=512):
    """K_b(m) >= 0 for all m < L, scanning blocks from the tail (where failures are), as in
    rope-bounds.md Appendix A."""
    theta = b ** (-np.arange(0, d, 2) / d)
    for s in range(((L - 1) // block) * block, -1, -block):
        m = np.arange(s, min(L, s + block), dtype=np.float64)
        if np.cos(np.outer(m, theta)).sum(axis=1).min() < 0:
            return False
    return True


def base_bound(L, lo, step):
    """First valid base on an arithmetic grid from lo (the user must know where to start and
    accepts the grid step as resolution)."""
    b = lo
    while not valid(L, b):
        b += step
    return f"b* = {b}"


def erasure(L=10_000_000, base=1e4, d=128, chunk=250_000):
    """fp32 angles fl(fl(m)*fl(theta)) for every position and channel: first identical consecutive
    rotation per channel and max phase error against float64, chunked over positions."""
    theta = base ** (-np.arange(0, d, 2) / d)
    theta32 = theta.astype(np.float32)
    first = np.full(theta.size, -1, dtype=np.int64)
    worst = np.zeros(theta.size)
    previous = np.zeros(theta.size, dtype=np.float32)
    for s in range(1, L, chunk):
        m = np.arange(s, min(L, s + chunk), dtype=np.int64)
        angle = np.outer(m.astype(np.float32), theta32)                 # float32 product, as torch
        exact = np.outer(m.astype(np.float64), theta)
        worst = np.maximum(worst, np.abs(angle.astype(np.float64) - exact).max(axis=0))
        same = np.vstack([angle[:1] == previous, angle[1:] == angle[:-1]])
        hit = same.any(axis=0) & (first < 0)
        first[hit] = m[same[:, hit].argmax(axis=0)]
        previous = angle[-1]
    erased = int((first >= 0).sum())
    return f"first collision at m = {first[first >= 0].min() if erased else 'none'}, {erased} channels erased"


def locality_mc(n=1_000_000, rho=0.5, m1=1000, m2=100_000, base=1e4, d=128, chunk=20_000, seed=1):
    """P[s(m1) > s(m2)] for q ~ N(0, I), k = rho q + sqrt(1 - rho^2) xi: full vectors, vectorised."""
    rng = np.random.default_rng(seed)
    theta = base ** (-np.arange(0, d, 2) / d)
    wins = 0
    for s in range(0, n, chunk):
        b = min(chunk, n - s)
        q = rng.standard_normal((b, d))
        k = rho * q + np.sqrt(1 - rho * rho) * rng.standard_normal((b, d))
        def score(m):
            c, si = np.cos(m * theta), np.sin(m * theta)
            q0, q1 = q[:, 0::2], q[:, 1::2]
            return ((c * q0 - si * q1) * k[:, 0::2] + (si * q0 + c * q1) * k[:, 1::2]).sum(axis=1)
        wins += int((score(m1) > score(m2)).sum())
    p = wins / n
    return f"P = {p} ± {np.sqrt(p * (1 - p) / n)}"


def inversion_rate(L=1_000_000, base=1e4, d=128, chunk=50_000):
    """Scores of all-ones content at every r < L, then the share of ascending pairs via Kendall's
    tau (scipy, O(L log L)): rate = (1 + tau)/2 when there are no ties."""
    from scipy.stats import kendalltau
    theta = base ** (-np.arange(0, d, 2) / d)
    s = np.concatenate([2 * np.cos(np.outer(np.arange(a, min(L, a + chunk), dtype=np.float64), theta)).sum(axis=1)
                        for a in range(0, L, chunk)])
    tau = kendalltau(np.arange(L), s).statistic
    return f"rate = {(1 + tau) / 2}"


WORKLOADS = [
    # name, quick, repetitions, function
    ("kernel_min_1e7", True, 1, lambda: kernel_min(10_000_000)),
    # Grid from the continuum bound 1.62·L with step 10, as the reference scan did (resolution 10).
    ("base_bound_32768", True, 1, lambda: base_bound(32768, 1.62 * 32768, 10.0)),
    ("erasure_1e7x64", True, 1, erasure),
    ("locality_mc_direct_1e6", True, 1, locality_mc),
    ("inversion_rate_1e6", True, 1, inversion_rate),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only")
    args = parser.parse_args()
    results = []
    for name, quick, reps, fn in WORKLOADS:
        if args.only and name != args.only:
            continue
        times, result = [], ""
        for _ in range(reps):
            t0 = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t0)
        results.append({"workload": name, "median_seconds": sorted(times)[len(times) // 2], "runs": reps,
                        "seconds": times, "result": result})
    if not args.quick and not args.only:
        # b*(2^20) on a grid is out of reach for NumPy: time 20 grid points near the answer and
        # extrapolate to the ~1.3e6 points of a step-50 grid from 1.62·L (marked as an estimate).
        L = 1 << 20
        t0 = time.perf_counter()
        for b in np.linspace(6.5e7 - 1000, 6.5e7, 20):
            valid(L, b)
        per_point = (time.perf_counter() - t0) / 20
        points = (6.54e7 - 1.62 * L) / 50
        results.append({"workload": "base_bound_1m", "median_seconds": per_point * points, "runs": 0, "seconds": [],
                        "result": f"estimate: {per_point:.3f} s per grid point × {points:.3g} points", "estimated": True})
    print(json.dumps({"machine": f"{os.cpu_count()} cores", "numpy": np.__version__, "workloads": results}, indent=2))


if __name__ == "__main__":
    main()
