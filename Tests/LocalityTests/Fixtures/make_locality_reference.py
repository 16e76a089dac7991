"""Reference counts for the uniform-position model's four events, by brute force in NumPy.

Scores s(r) = sum_n C_n cos(r*theta_n + phi_n) for r < L, theta_n = b^(-2n/d); every pair is
compared directly (O(L^2)), and bf16 rounding is done exactly in Python integers (round half to
even on the 8-bit significand), independently of the Swift code. Writes locality.json.
The normal predictors of the position inversion under the halves and intervals protocols,
Phi((mean_far - mean_near)/sqrt(var_near + var_far)), come from the moments of the scores over
each range computed directly (np.mean, np.var), not from the Dirichlet-kernel formulas.
Run: python3 make_locality_reference.py
"""
import json, math
import numpy as np

def spectrum(b, d):
    return np.array([b ** (-2 * n / d) for n in range(d // 2)])

def scores(amplitudes, phases, theta, L):
    r = np.arange(L, dtype=np.float64)[:, None]
    return (np.array(amplitudes) * np.cos(r * theta[None, :] + np.array(phases))).sum(axis=1)

def bf16(x):
    """Round a float64 to bfloat16 (8 significand bits), ties to even, exactly."""
    if x == 0 or not math.isfinite(x):
        return x
    m, e = math.frexp(abs(x))          # x = m * 2^e, 0.5 <= m < 1
    scaled = m * 256                    # 8 significand bits, exact
    q = round(scaled)                   # Python rounds half to even, exactly on these doubles
    return math.copysign(q * 2.0 ** (e - 8), x)

cases = []
for (L, a_amp, a_ph, b_amp, b_ph, base, d) in [
    (4096, [2, 1, 1, 1], [0, 0, 0, 0], [1, 1, 1, 1], [0.5, 0, 0, 0], 1e4, 8),
    (2048, [1.5, 0.7, 1.2, 0.3, 0.9, 1.1], [0.1, -0.4, 2.0, 0.0, 1.0, -2.5], [1.4, 0.8, 1.0, 0.5, 0.9, 1.0], [0.2, -0.3, 1.9, 0.4, 1.1, -2.4], 5e5, 12),
]:
    theta = spectrum(base, d)
    s1, s2 = scores(a_amp, a_ph, theta, L), scores(b_amp, b_ph, theta, L)
    i, j = np.triu_indices(L, k=1)
    position_inversion = float(np.mean(s1[i] < s1[j]))
    r1 = np.array([bf16(x) for x in s1]); r2 = np.array([bf16(x) for x in s2])
    position_aliasing = float(np.mean(r1[i] == r1[j]))
    sign0 = s1[0] > s2[0]
    token_inversion = float(np.mean(((s1 > s2) != sign0) & (s1 != s2)))
    token_aliasing = float(np.mean(r1 == r2))
    def predictor(near, far):
        s = scores(a_amp, a_ph, theta, far[1])
        a, b = s[near[0]:near[1]], s[far[0]:far[1]]
        z = (b.mean() - a.mean()) / math.sqrt(a.var() + b.var())
        return 0.5 * math.erfc(-z / math.sqrt(2))
    predicted_halves = predictor((0, L // 2), (L // 2, L))
    predicted_intervals = predictor((L + 1, 2 * L + 1), (2 * L + 1, 3 * L + 1))
    cases.append(dict(context=L, base=base, rotary_dim=d, first=dict(amplitudes=a_amp, phases=a_ph),
                      second=dict(amplitudes=b_amp, phases=b_ph), position_inversion=position_inversion,
                      position_aliasing=position_aliasing, token_inversion=token_inversion, token_aliasing=token_aliasing,
                      position_inversion_predicted_halves=predicted_halves, position_inversion_predicted_intervals=predicted_intervals))
json.dump(dict(source="make_locality_reference.py (NumPy brute force, exact bf16 in Python integers)", cases=cases),
          open("locality.json", "w"), indent=1)
print(json.dumps(cases, indent=1)[:2000])
