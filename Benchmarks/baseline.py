#!/usr/bin/env python3
"""The workloads of `ctxlimits bench`, written in plain NumPy the way a user would
(vectorised over channels, chunked over positions). Prints JSON like `ctxlimits bench --format json`,
with each workload's CPU time over its wall time (how many cores NumPy kept busy).

  python3 Benchmarks/baseline.py [--quick] [--only NAME]

Workloads that a NumPy user could not finish in reasonable time are reported with the time of a
measured fraction and an extrapolation, marked as such. The command workloads (cmd_…) compute
what the command computes, not its report: every angle variant of `erasure`, the four events of
the `locality` context sweep.
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


def locality_mc_conditional(n=1_000_000, rho=0.5, m1=1000, m2=100_000, base=1e4, d=128, chunk=20_000, seed=1):
    """The same probability by conditional Monte Carlo, as ctxlimits' default sampling: per sample
    R_j = |q~_j|^2 ~ chi^2_2 for the d/2 channels, then Phi(rho sum R_j a_j / sqrt((1 - rho^2) sum R_j c_j))
    averaged, a_j = cos(m1 theta_j) - cos(m2 theta_j), c_j = 2 - 2 cos((m2 - m1) theta_j)."""
    from scipy.special import ndtr
    rng = np.random.default_rng(seed)
    theta = base ** (-np.arange(0, d, 2) / d)
    a = np.cos(m1 * theta) - np.cos(m2 * theta)
    c = 2 - 2 * np.cos((m2 - m1) * theta)
    total, squares = 0.0, 0.0
    for s in range(0, n, chunk):
        r = rng.chisquare(2, size=(min(chunk, n - s), theta.size))
        x = ndtr(rho * (r @ a) / np.sqrt((1 - rho * rho) * (r @ c)))
        total, squares = total + x.sum(), squares + (x * x).sum()
    p = total / n
    return f"P = {p} ± {np.sqrt(max(0.0, squares / n - p * p) / (n - 1))}"


def inversion_rate(L=1_000_000, base=1e4, d=128, chunk=50_000):
    """Scores of all-ones content at every r < L, then the share of ascending pairs via Kendall's
    tau (scipy, O(L log L)): rate = (1 + tau)/2 when there are no ties."""
    from scipy.stats import kendalltau
    theta = base ** (-np.arange(0, d, 2) / d)
    s = np.concatenate([2 * np.cos(np.outer(np.arange(a, min(L, a + chunk), dtype=np.float64), theta)).sum(axis=1)
                        for a in range(0, L, chunk)])
    tau = kendalltau(np.arange(L), s).statistic
    return f"rate = {(1 + tau) / 2}"


def to_bf16_from_f32(a):
    """bf16 of float32 values (round to nearest even on the top 16 bits), as float32."""
    bits = a.view(np.uint32)
    return ((bits + np.uint32(0x7FFF) + ((bits >> np.uint32(16)) & np.uint32(1))) & np.uint32(0xFFFF0000)).view(np.float32)


def round_f64(x, fmt):
    """float64 values rounded to fp32 or bf16 (round to nearest even), as float64."""
    if fmt == "fp32":
        return x.astype(np.float32).astype(np.float64)
    bits = x.view(np.uint64)
    drop = np.uint64(45)
    bits = (bits + (np.uint64(1) << (drop - np.uint64(1))) - np.uint64(1) + ((bits >> drop) & np.uint64(1))) & ~((np.uint64(1) << drop) - np.uint64(1))
    return bits.view(np.float64)


def erasure_variants(L=10_000_000, base=1e4, d=128, fmt="bf16", chunk=50_000):
    """Every angle variant `ctxlimits erasure --precision fmt` simulates: first identical consecutive
    rotation per channel and max phase error, chunked over positions. cos/sin of the variant with a
    rounded cos/sin cache are computed directly (np.cos, np.sin), as a NumPy user would."""
    theta = base ** (-np.arange(0, d, 2) / d)
    theta32 = theta.astype(np.float32)
    names = ["direct fp32"] + (["direct " + fmt, "cast fp32→" + fmt] if fmt != "fp32" else []) + ["reduced " + fmt, "cos/sin " + fmt]
    first = {n: np.full(theta.size, -1, dtype=np.int64) for n in names}
    worst = {n: np.zeros(theta.size) for n in names}
    previous = {}
    for s in range(0, L, chunk):
        m = np.arange(s, min(L, s + chunk), dtype=np.int64)
        exact = np.outer(m.astype(np.float64), theta)
        angle32 = np.outer(m.astype(np.float32), theta32)
        rotations = {"direct fp32": (angle32.astype(np.float64), None)}
        if fmt != "fp32":
            mb, tb = to_bf16_from_f32(m.astype(np.float32)), to_bf16_from_f32(theta32)
            rotations["direct " + fmt] = (to_bf16_from_f32(np.outer(mb, tb)).astype(np.float64), None)
            rotations["cast fp32→" + fmt] = (to_bf16_from_f32(angle32).astype(np.float64), None)
        reduced = np.fmod(exact, 2 * np.pi)
        rotations["reduced " + fmt] = (round_f64(reduced, fmt), None)
        c, sn = np.cos(exact), np.sin(exact)
        rotations["cos/sin " + fmt] = (round_f64(c, fmt), round_f64(sn, fmt))
        for n, (a, b) in rotations.items():
            if n.startswith("reduced"):
                error = np.abs(a - reduced)
            elif n.startswith("cos/sin"):
                error = np.sqrt((a - c) ** 2 + (b - sn) ** 2)
            else:
                error = np.abs(a - exact)
            worst[n] = np.maximum(worst[n], error.max(axis=0))
            same = np.empty(a.shape, dtype=bool)
            same[1:] = a[1:] == a[:-1]
            same[0] = (a[0] == previous[n][0]) if n in previous else False
            if b is not None:
                same[1:] &= b[1:] == b[:-1]
                same[0] &= (b[0] == previous[n][1]) if n in previous else False
            hit = same.any(axis=0) & (first[n] < 0)
            first[n][hit] = m[same[:, hit].argmax(axis=0)]
            previous[n] = (a[-1], None if b is None else b[-1])
    out = []
    for n in names:
        erased = int((first[n] >= 0).sum())
        out.append(f"{n}: {first[n][first[n] >= 0].min() if erased else 'none'}/{erased}")
    return "; ".join(out)


def locality_sweep(L=1 << 20, base=1e4, d=128, fmt="bf16"):
    """The four events of `ctxlimits locality --context L --bases base` (all-ones content, the second
    key with its slowest channel's first component halved) at L = 2^8 … L, with the normal
    predictor of the token inversion from the exact moments."""
    from scipy.stats import kendalltau, norm
    theta = base ** (-np.arange(0, d, 2) / d)
    q = np.ones(d)
    k2 = np.ones(d)
    k2[d - 2] = 0.5

    def content(qv, kv):
        qt, kt = qv[0::2] + 1j * qv[1::2], kv[0::2] + 1j * kv[1::2]
        z = qt * np.conj(kt)
        return np.abs(z), np.angle(z)

    def scores(c, phi, n, chunk=50_000):
        return np.concatenate([(c * np.cos(np.outer(np.arange(a, min(n, a + chunk), dtype=np.float64), theta) + phi)).sum(axis=1)
                               for a in range(0, n, chunk)])

    c1, p1 = content(q, q)
    c2, p2 = content(q, k2)
    s1, s2 = scores(c1, p1, L), scores(c2, p2, L)
    dz = c1 * np.exp(1j * p1) - c2 * np.exp(1j * p2)
    dc, dp = np.abs(dz), np.angle(dz)

    def dirichlet(x, n):
        half = np.sin(x / 2)
        small = np.abs(half) < 1e-300
        mag = np.where(small, 1.0, np.sin(n * x / 2) / (n * np.where(small, 1.0, half)))
        ang = np.where(small, 0.0, (n - 1) * x / 2)
        return mag * np.cos(ang), mag * np.sin(ang)

    rows = []
    n = 256
    while n <= L:
        a, b = s1[:n], s2[:n]
        rate = (1 + kendalltau(np.arange(n), a).statistic) / 2
        _, counts = np.unique(round_f64(a.copy(), fmt), return_counts=True)
        aliasing = (counts * (counts - 1) / 2).sum() / (n * (n - 1) / 2)
        sign0 = a[0] > b[0]
        token_inversion = np.mean(((a > b) != sign0) & (a != b))
        token_aliasing = np.mean(round_f64(a.copy(), fmt) == round_f64(b.copy(), fmt))
        sign = -1.0 if (dc * np.cos(dp)).sum() < 0 else 1.0
        dr, di = dirichlet(theta, n)
        mu = sign * (dc * (np.cos(dp) * dr - np.sin(dp) * di)).sum()
        d1r, d1i = dirichlet(theta[:, None] - theta[None, :], n)
        d2r, d2i = dirichlet(theta[:, None] + theta[None, :], n)
        minus, plus = dp[:, None] - dp[None, :], dp[:, None] + dp[None, :]
        second = (np.outer(dc, dc) / 2 * (np.cos(minus) * d1r - np.sin(minus) * d1i + np.cos(plus) * d2r - np.sin(plus) * d2i)).sum()
        variance = second - mu * mu
        predicted = norm.cdf(-mu / np.sqrt(variance)) if variance > 1e-300 else 0.0
        rows.append((n, rate, aliasing, token_inversion, token_aliasing, predicted))
        n *= 2
    return f"position inversion at {rows[-1][0]}: {rows[-1][1]}"


WORKLOADS = [
    # name, quick, repetitions, function
    ("kernel_min_1e7", True, 1, lambda: kernel_min(10_000_000)),
    # Grid from the continuum bound 1.62·L with step 10, as the reference scan did (resolution 10).
    ("base_bound_32768", True, 1, lambda: base_bound(32768, 1.62 * 32768, 10.0)),
    ("erasure_1e7x64", True, 1, erasure),
    ("locality_mc_1e6", True, 1, locality_mc_conditional),
    ("locality_mc_direct_1e6", True, 1, locality_mc),
    ("inversion_rate_1e6", True, 1, inversion_rate),
    ("cmd_erasure_1e7_fp32", True, 1, lambda: erasure_variants(fmt="fp32")),
    ("cmd_erasure_1e7_bf16", True, 1, lambda: erasure_variants(fmt="bf16")),
    ("cmd_locality_1m", True, 1, locality_sweep),
    # The command's default: the same sweep for the bases 10^4, 5·10^5 and 10^7.
    ("cmd_locality_1m_3bases", False, 1, lambda: "; ".join(locality_sweep(base=b) for b in (1e4, 5e5, 1e7))),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only")
    args = parser.parse_args()
    results = []
    for name, quick, reps, fn in WORKLOADS:
        if (args.only and name != args.only) or (args.quick and not quick and not args.only):
            continue
        times, cpu, result = [], [], ""
        for _ in range(reps):
            t0, c0 = time.perf_counter(), time.process_time()
            result = fn()
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        results.append({"workload": name, "median_seconds": sorted(times)[len(times) // 2], "runs": reps,
                        "seconds": times, "result": result, "cores_used": sum(cpu) / sum(times)})
    if not args.quick and not args.only:
        # b*(2^20) on a grid is out of reach for NumPy: time 20 grid points near the answer and
        # extrapolate to the ~1.3e6 points of a step-50 grid from 1.62·L (marked as an estimate).
        L = 1 << 20
        t0, c0 = time.perf_counter(), time.process_time()
        for b in np.linspace(6.5e7 - 1000, 6.5e7, 20):
            valid(L, b)
        wall = time.perf_counter() - t0
        per_point = wall / 20
        points = (6.54e7 - 1.62 * L) / 50
        results.append({"workload": "base_bound_1m", "median_seconds": per_point * points, "runs": 0, "seconds": [],
                        "result": f"estimate: {per_point:.3f} s per grid point × {points:.3g} points", "estimated": True,
                        "cores_used": (time.process_time() - c0) / wall})
    print(json.dumps({"machine": f"{os.cpu_count()} cores", "numpy": np.__version__, "workloads": results}, indent=2))


if __name__ == "__main__":
    main()
