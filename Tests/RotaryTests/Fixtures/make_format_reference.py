#!/usr/bin/env python3
"""Rounding reference for Rotary.FloatFormat from PyTorch's own dtype conversions.

Writes formats.json beside this script: inputs (float64) and, per format, x.to(dtype) read back
as float64 (NaN and infinities as strings). Needs torch (CPU). Run: python3 make_format_reference.py
"""
import json
import math
import pathlib

import numpy as np
import torch

rng = np.random.default_rng(11)
edges = [0.0, -0.0, 1.0, -1.0, 1 + 2**-8, 1 + 3 * 2**-8, 1 + 2**-11, 1 + 2**-24, 1 + 3 * 2**-24, 257.0, 259.0, 2049.0,
         2**-24, 2**-25, 1.5 * 2**-25, 2**-126, 2**-133, 2**-149, 2**-150, 3 * 2**-150, 2**-6, 2**-9, 2**-10, 2**-16, 2**-17,
         65504.0, 65519.0, 65520.0, 448.0, 464.0, 465.0, 480.0, 57344.0, 61439.0, 61440.0, 1e6, 3.4e38, 3.5e38, 1e300,
         math.inf, -math.inf, math.nan, 0.1, 1 / 3, math.pi, 1e-3, 123456.789]
randoms = np.concatenate([
    rng.standard_normal(8000),
    np.exp(rng.uniform(-110, 90, 8000)) * rng.choice([-1, 1], 8000),
    rng.uniform(0, 600, 2000),
    rng.integers(0, 2**20, 2000).astype(np.float64) + 0.5,
])
inputs = [float(x) for x in edges] + [float(x) for x in randoms]
# PyTorch may convert float64 → float32 → narrow type, which double-rounds; inputs for the narrow
# formats are therefore made float32-exact first, so every conversion is a single rounding.
inputs32 = [float(v) for v in np.array(inputs, dtype=np.float32).astype(np.float64)]


def encode(values):
    out = []
    for v in values:
        if math.isnan(v):
            out.append("nan")
        elif math.isinf(v):
            out.append("inf" if v > 0 else "-inf")
        else:
            out.append(v)
    return out


dtypes = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16,
          "fp8-e4m3": torch.float8_e4m3fn, "fp8-e5m2": torch.float8_e5m2}
rounded = {}
for name, dtype in dtypes.items():
    source = torch.tensor(inputs if name == "fp32" else inputs32, dtype=torch.float64)
    rounded[name] = encode(source.to(dtype).to(torch.float64).tolist())
meta = {"torch": torch.__version__, "note": "float8_e4m3fn saturates to ±448 on overflow in this PyTorch conversion"}
path = pathlib.Path(__file__).with_name("formats.json")
path.write_text(json.dumps({"meta": meta, "inputs": encode(inputs), "inputs32": encode(inputs32), "rounded": rounded}) + "\n")
print("wrote", path)
