#!/usr/bin/env python3
"""Independent reference values for the NumericalCore module (mpmath at 50 digits, NumPy, SciPy).

Writes numerics.json beside this script. Run: python3 make_numerics_reference.py
Nothing here calls ctxlimits: every value comes from mpmath or NumPy.
"""
import json
import pathlib

import mpmath as mp
import numpy as np

mp.mp.dps = 50


def f(x):
    return float(x)


out = {}

out["normal_cdf"] = [[x, f(mp.ncdf(x))] for x in [-30.0, -8.0, -3.5, -1.0, 0.0, 0.3, 1.959963984540054, 5.0, 9.0]]
out["normal_survival"] = [[x, f(mp.ncdf(-x))] for x in [-2.0, 0.0, 1.5, 5.0, 10.0, 20.0, 37.0]]
out["normal_quantile"] = []
for p in [1e-300, 1e-20, 1e-8, 0.001, 0.025, 0.3, 0.5, 0.7, 0.975, 0.999999]:
    # Solve log Φ(z) = log p, which stays well-conditioned deep in the lower tail.
    start = -mp.sqrt(-2 * mp.log(p)) if p < 0.5 else 0.0
    q = mp.findroot(lambda z: mp.log(mp.erfc(-z / mp.sqrt(2)) / 2) - mp.log(mp.mpf(p)), start)
    out["normal_quantile"].append([p, f(q)])

out["gamma_p"] = [[a, x, f(mp.gammainc(a, 0, x, regularized=True))]
                  for a, x in [(0.5, 0.1), (1.0, 1.0), (2.5, 3.0), (10.0, 5.0), (10.0, 20.0), (100.0, 90.0), (0.01, 0.5), (1e3, 1.1e3)]]
out["gamma_q"] = [[a, x, f(mp.gammainc(a, x, mp.inf, regularized=True))]
                  for a, x in [(0.5, 0.1), (1.0, 1.0), (2.5, 3.0), (10.0, 30.0), (3.0, 60.0), (100.0, 150.0)]]
out["beta_inc"] = [[a, b, x, f(mp.betainc(a, b, 0, x, regularized=True))]
                   for a, b, x in [(0.5, 0.5, 0.2), (2.0, 3.0, 0.4), (10.0, 1.0, 0.9), (50.0, 40.0, 0.55), (1.0, 1.0, 0.37), (0.1, 8.0, 0.01), (200.0, 300.0, 0.41)]]
out["bessel_k"] = [[nu, x, f(mp.besselk(nu, x))]
                   for nu, x in [(0.0, 0.1), (0.0, 1.0), (0.5, 2.0), (1.0, 0.5), (2.5, 3.0), (10.0, 5.0), (0.3, 40.0), (-1.5, 1.2)]]
out["bessel_k_scaled"] = [[nu, x, f(mp.exp(x) * mp.besselk(nu, x))] for nu, x in [(0.0, 800.0), (3.0, 1000.0)]]
out["cosine_integral"] = [[x, f(mp.ci(x))] for x in [1e-6, 0.1, 0.6165054856207162, 1.0, 2.0, 10.0, 100.0, 1e5]]
out["ci_first_zero"] = f(mp.findroot(mp.ci, 0.6))

# Integrals with closed forms, evaluated by mpmath.
out["integrals_finite"] = {
    "sin_0_pi": f(mp.quad(mp.sin, [0, mp.pi])),
    "log_0_1": f(mp.quad(mp.log, [0, 1])),              # integrable singularity at 0: −1
    "inv_sqrt_0_1": f(mp.quad(lambda x: 1 / mp.sqrt(x), [0, 1])),  # 2
    "gauss_m3_2": f(mp.quad(lambda x: mp.exp(-x * x), [-3, 2])),
}
out["integrals_infinite"] = {
    "exp_0_inf": 1.0,
    "inv_1px2_0_inf": f(mp.pi / 2),
    "gauss_1_inf": f(mp.quad(lambda x: mp.exp(-x * x), [1, mp.inf])),
    "x3_exp_2_inf": f(mp.quad(lambda x: x**3 * mp.exp(-x), [2, mp.inf])),
}
out["roots"] = {
    "cos_minus_x": f(mp.findroot(lambda x: mp.cos(x) - x, 0.7)),
    "cubic": f(mp.findroot(lambda x: x**3 - 2 * x - 5, 2.1)),   # Wallis's cubic
    "lambert_w_10": f(mp.lambertw(10)),
}

# Philox4x64-10: NumPy's bit generator with an explicit key (key = seed + 2**64 * stream).
philox = []
for seed, stream in [(0, 0), (12345, 0), (12345, 1), (2**64 - 1, 7)]:
    bg = np.random.Philox(key=seed + (stream << 64))
    raw = [str(int(v)) for v in bg.random_raw(9)]
    gen = np.random.Generator(np.random.Philox(key=seed + (stream << 64)))
    uni = [float(v) for v in gen.random(5)]
    philox.append({"seed": str(seed), "stream": str(stream), "raw": raw, "uniform": uni})
out["philox"] = philox

# Real FFT against numpy.fft.rfft.
rng = np.random.default_rng(7)
fft_cases = []
for n in [1, 2, 7, 16, 97, 1000]:
    x = rng.standard_normal(n)
    X = np.fft.rfft(x)
    fft_cases.append({"input": x.tolist(), "real": X.real.tolist(), "imag": X.imag.tolist()})
out["rfft"] = fft_cases

# Spearman's rho against scipy.stats.spearmanr (average ranks for ties).
from scipy.stats import spearmanr
rng = np.random.default_rng(11)
rank_cases = [{"x": [1.0, 2.0, 3.0], "y": [10.0, 30.0, 20.0]},
              {"x": [4096.0, 8192.0, 8192.0, 0.0, 0.0, 1e9], "y": [4096.0, 65536.0, 32768.0, 16384.0, 16384.0, 131072.0]}]
for n in [5, 40]:
    x = rng.integers(0, 6, n).astype(float)          # many ties
    y = rng.standard_normal(n)
    rank_cases.append({"x": x.tolist(), "y": y.tolist()})
for case in rank_cases:
    case["rho"] = float(spearmanr(case["x"], case["y"]).statistic)
out["spearman"] = rank_cases

path = pathlib.Path(__file__).with_name("numerics.json")
path.write_text(json.dumps(out, indent=1) + "\n")
print("wrote", path)
