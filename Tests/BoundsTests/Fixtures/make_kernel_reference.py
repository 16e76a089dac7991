#!/usr/bin/env python3
"""mpmath reference values of the Men et al. kernel K(m) = sum_i cos(m * theta_i).

theta_i are the float64 values base**(-2i/d) (stored, so the Swift tests use the very same
doubles); K is evaluated at 40 significant digits with each theta_i taken exactly. Writes
kernel.json beside this script.
"""
import json
import pathlib

import mpmath as mp

mp.mp.dps = 40
cases = []
for base in [1e4, 26954.0, 5e5, 1e7, 5.1e8]:
    d = 128
    theta = [base ** (-2 * i / d) for i in range(d // 2)]
    ms = [0, 1, 2, 7, 1000, 4012, 4095, 65537, 123457, 1048575, 9999991, 123456789, 999999937]
    values = [float(mp.fsum(mp.cos(m * mp.mpf(t)) for t in theta)) for m in ms]
    cases.append({"base": base, "theta": theta, "m": ms, "kernel": values})
path = pathlib.Path(__file__).with_name("kernel.json")
path.write_text(json.dumps({"cases": cases}, indent=1) + "\n")
print("wrote", path)
