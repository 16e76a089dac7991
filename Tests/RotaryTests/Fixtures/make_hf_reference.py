#!/usr/bin/env python3
"""Reference RoPE spectra from Hugging Face transformers (v5, CPU torch).

Writes
  hf_sweeps.json                       beside this script: sweeps of every rope type's parameters,
                                       computed by transformers' own ROPE_INIT_FUNCTIONS;
  ../../ModelsTests/Fixtures/hf_models.json: inv_freq and attention factor of every bundled config
                                       in Examples/configs, per layer type, from the model's own
                                       RotaryEmbedding module as transformers instantiates it; and
                                       the recurrent blocks of the SSM and hybrid configs.
Run from anywhere:  python3 Tests/RotaryTests/Fixtures/make_hf_reference.py
Needs: pip install "torch==2.13.0+cpu" transformers   (not needed by `swift test`).
transformers computes in float32; the Swift tests compare at 1e-6 relative.
"""
import json
import math
import pathlib
import sys
import tempfile
import warnings

import numpy as np
import torch
import transformers
from transformers import AutoConfig, LlamaConfig
from transformers.modeling_rope_utils import ROPE_INIT_FUNCTIONS
from transformers.models.auto.modeling_auto import MODEL_MAPPING_NAMES
from transformers.models.gpt_neox.modeling_gpt_neox import GPTNeoXRotaryEmbedding
from transformers.models.llama.modeling_llama import LlamaRotaryEmbedding

warnings.filterwarnings("ignore")
transformers.logging.set_verbosity_error()
here = pathlib.Path(__file__).resolve().parent
root = here.parents[2]


def floats(t):
    return [float(x) for x in t.tolist()]


def sweep_case(rope, head_dim, max_pos, seq_len=None):
    """One call of transformers' init function for a Llama-shaped config with `rope` parameters."""
    config = LlamaConfig(hidden_size=head_dim * 4, num_attention_heads=4, head_dim=head_dim,
                         max_position_embeddings=max_pos, rope_parameters=dict(rope))
    kind = config.rope_parameters["rope_type"]
    if kind == "default":
        # Llama's default ignores partial_rotary_factor; GPT-NeoX's (the partial-rotary family) honours it.
        inv, att = GPTNeoXRotaryEmbedding.compute_default_rope_parameters(config)
    else:
        inv, att = ROPE_INIT_FUNCTIONS[kind](config, None, seq_len)
    return {"rope": rope, "head_dim": head_dim, "max_position_embeddings": max_pos, "seq_len": seq_len,
            "inv_freq": floats(inv), "attention_factor": float(att)}


def sweeps():
    rng = np.random.default_rng(20261123)
    cases = []
    for base in [10.0, 1e4, 5e5, 1e6, 1e11]:
        for d in [8, 64, 128, 256]:
            cases.append(sweep_case({"rope_type": "default", "rope_theta": base}, d, 4096))
    for s in [1.0, 2.0, 4.0, 8.0, 32.0]:
        cases.append(sweep_case({"rope_type": "linear", "rope_theta": 1e4, "factor": s}, 128, 4096))
    for s in [1.0, 2.0, 4.0]:
        for d in [64, 128]:
            for seq in [None, 2048, 4096, 8192, 32768]:
                cases.append(sweep_case({"rope_type": "dynamic", "rope_theta": 1e4, "factor": s}, d, 4096, seq))
    for s in [2.0, 4.0, 16.0, 40.0]:
        for l0 in [2048, 4096, 32768]:
            for betas in [(None, None), (16.0, 2.0)]:
                for truncate in [True, False]:
                    rope = {"rope_type": "yarn", "rope_theta": 1e4, "factor": s, "original_max_position_embeddings": l0,
                            "truncate": truncate}
                    if betas[0] is not None:
                        rope.update(beta_fast=betas[0], beta_slow=betas[1])
                    cases.append(sweep_case(rope, 128, l0 * 4))
    for m, mall in [(0.707, 0.707), (1.0, 0.5), (0.8, 1.0)]:
        cases.append(sweep_case({"rope_type": "yarn", "rope_theta": 1e4, "factor": 40.0, "original_max_position_embeddings": 4096,
                                 "mscale": m, "mscale_all_dim": mall, "beta_fast": 32, "beta_slow": 1}, 64, 163840))
    cases.append(sweep_case({"rope_type": "yarn", "rope_theta": 1e6, "factor": 4.0, "original_max_position_embeddings": 32768,
                             "attention_factor": 1.25}, 128, 131072))
    cases.append(sweep_case({"rope_type": "yarn", "rope_theta": 1.5e5, "factor": None, "original_max_position_embeddings": 4096},
                            64, 131072))
    for d in [64, 96, 128]:
        for factor in [None, 16.0]:
            for seq in [None, 4096, 4097, 131072]:
                for att in [None, 1.1]:
                    rope = {"rope_type": "longrope", "rope_theta": 1e4, "original_max_position_embeddings": 4096,
                            "short_factor": [float(x) for x in 1 + rng.random(d // 2)],
                            "long_factor": [float(x) for x in 1 + 60 * rng.random(d // 2)]}
                    if factor is not None:
                        rope["factor"] = factor
                    if att is not None:
                        rope["attention_factor"] = att
                    cases.append(sweep_case(rope, d, 131072, seq))
    for base in [1e4, 5e5]:
        for s in [8.0, 16.0, 32.0]:
            for low, high in [(1.0, 4.0), (1.0, 1.0), (2.0, 8.0)]:
                for l0 in [4096, 8192]:
                    cases.append(sweep_case({"rope_type": "llama3", "rope_theta": base, "factor": s, "low_freq_factor": low,
                                             "high_freq_factor": high, "original_max_position_embeddings": l0}, 128, 131072))
    for p in [0.25, 0.5, 0.75]:
        cases.append(sweep_case({"rope_type": "default", "rope_theta": 1e4, "partial_rotary_factor": p}, 128, 4096))
        cases.append(sweep_case({"rope_type": "yarn", "rope_theta": 1e4, "factor": 8.0, "original_max_position_embeddings": 4096,
                                 "partial_rotary_factor": p}, 128, 32768))
        d = int(128 * p)
        cases.append(sweep_case({"rope_type": "longrope", "rope_theta": 1e4, "original_max_position_embeddings": 4096,
                                 "partial_rotary_factor": p, "short_factor": [1.0] * (d // 2),
                                 "long_factor": [float(x) for x in 1 + 30 * rng.random(d // 2)]}, 128, 131072, 8192))
    for p in [0.25, 1.0]:
        for s in [1.0, 2.0]:
            cases.append(sweep_case({"rope_type": "proportional", "rope_theta": 1e6, "factor": s, "partial_rotary_factor": p},
                                    128, 4096))
    return cases


def rotary_modules(text_config):
    if isinstance(text_config, LlamaConfig):
        return LlamaRotaryEmbedding
    name = MODEL_MAPPING_NAMES.get(text_config.model_type)
    cls = getattr(transformers, name, None) if name else None
    if cls is None:
        return None
    module = sys.modules[cls.__module__]
    names = [a for a in dir(module) if a.endswith("RotaryEmbedding") and "Vision" not in a]
    return getattr(module, names[0]) if names else None


def model_fixtures():
    out = {}
    for path in sorted((root / "Examples" / "configs").glob("*.json")):
        raw = json.loads(path.read_text())
        with tempfile.TemporaryDirectory() as tmp:
            (pathlib.Path(tmp) / "config.json").write_text(json.dumps(raw))
            try:
                config = AutoConfig.from_pretrained(tmp, trust_remote_code=False)
            except Exception as error:  # custom code (internlm2, rwkv5) or mamba_ssm spelling
                if raw.get("model_type") == "internlm2":
                    config = LlamaConfig(**raw)   # the same fields, and transformers' Llama rotary module
                else:
                    out[path.stem] = {"skipped": f"transformers cannot load it: {type(error).__name__}"}
                    continue
        text = config.get_text_config()
        module = rotary_modules(text)
        if module is None or not getattr(text, "rope_parameters", None):
            out[path.stem] = {"skipped": "no rotary embedding"}
            continue
        embedding = module(config=text)
        entry = {}
        layer_types = sorted(set(getattr(text, "layer_types", None) or []))
        nested = [t for t in layer_types if hasattr(embedding, f"{t}_inv_freq")]
        for key in nested or ["all"]:
            prefix = "" if key == "all" else f"{key}_"
            attention = getattr(embedding, f"{prefix}attention_scaling")
            item = {"inv_freq": floats(getattr(embedding, f"{prefix}inv_freq")), "attention_factor": float(attention)}
            params = text.rope_parameters[key] if key != "all" else text.rope_parameters
            kind = params["rope_type"]
            if kind in ("longrope", "dynamic"):
                # The runtime update at a long sequence: longrope switches to long factors, dynamic grows its base.
                seq = params["original_max_position_embeddings"] + 1 if kind == "longrope" else 2 * text.max_position_embeddings
                inv, att = ROPE_INIT_FUNCTIONS[kind](text, None, seq, **({"layer_type": key} if key != "all" else {}))
                item["at_seq_len"] = {"seq_len": seq, "inv_freq": floats(inv), "attention_factor": float(att)}
            entry[key] = item
        out[path.stem] = entry
    return out


# The recurrent blocks of the bundled SSM and hybrid configs, for those transformers cannot turn into
# a rotary module. Where transformers has the config class (Mamba, Jamba) its attributes are read;
# the mamba_ssm checkpoints and the RWKV-5/6 remote-code configs take the module defaults of their
# reference implementations, written out here with their sources (state-capacity.md §2):
#   mamba_ssm/modules/mamba2.py: d_state=128, d_conv=4, expand=2, headdim=64, ngroups=1;
#   mamba_ssm/modules/mamba_simple.py: d_state=16, d_conv=4, expand=2;
#   RWKV-5/6 (BlinkDL, the HF remote code): head_size 64, attention_hidden_size = hidden_size.
def recurrent_fixtures():
    from transformers import JambaConfig, MambaConfig
    out = {}
    for path in sorted((root / "Examples" / "configs").glob("*.json")):
        raw = json.loads(path.read_text())
        kind = raw.get("model_type")
        if kind == "mamba":
            c = MambaConfig(**raw)
            out[path.stem] = {"layers": c.num_hidden_layers, "attention_layers": [], "block": "mamba1",
                              "inner_dim": c.intermediate_size, "state_dim": c.state_size, "conv_width": c.conv_kernel}
        elif kind == "jamba":
            c = JambaConfig(**raw)
            attention = [i for i in range(c.num_hidden_layers) if i % c.attn_layer_period == c.attn_layer_offset]
            out[path.stem] = {"layers": c.num_hidden_layers, "attention_layers": attention, "block": "mamba1",
                              "inner_dim": c.mamba_expand * c.hidden_size, "state_dim": c.mamba_d_state, "conv_width": c.mamba_d_conv}
        elif kind is None and "d_model" in raw and raw.get("ssm_cfg", {}).get("layer") == "Mamba2":
            ssm = {"d_state": 128, "d_conv": 4, "expand": 2, "headdim": 64, "ngroups": 1} | raw["ssm_cfg"]
            inner = ssm["expand"] * raw["d_model"]
            out[path.stem] = {"layers": raw["n_layer"], "attention_layers": raw.get("attn_layer_idx", []), "block": "mamba2",
                              "heads": inner // ssm["headdim"], "head_dim": ssm["headdim"], "state_dim": ssm["d_state"],
                              "groups": ssm["ngroups"], "conv_width": ssm["d_conv"]}
        elif kind in ("rwkv5", "rwkv6"):
            out[path.stem] = {"layers": raw["num_hidden_layers"], "attention_layers": [], "block": kind,
                              "hidden_size": raw["hidden_size"], "attention_hidden_size": raw.get("attention_hidden_size") or raw["hidden_size"],
                              "head_size": raw.get("head_size", 64)}
    return out


if __name__ == "__main__":
    meta = {"transformers": transformers.__version__, "torch": torch.__version__}
    (here / "hf_sweeps.json").write_text(json.dumps({"meta": meta, "cases": sweeps()}) + "\n")
    target = root / "Tests" / "ModelsTests" / "Fixtures" / "hf_models.json"
    target.write_text(json.dumps({"meta": meta, "models": model_fixtures(), "recurrent": recurrent_fixtures()}, indent=1) + "\n")
    print("wrote", here / "hf_sweeps.json", "and", target)
