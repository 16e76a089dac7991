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
import inspect
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
    # Values transformers only warns about, computed as it computes them: factors below 1, beta_fast
    # below beta_slow, a negative attention factor, high_freq_factor below low_freq_factor.
    cases.append(sweep_case({"rope_type": "linear", "rope_theta": 1e4, "factor": 0.5}, 128, 4096))
    cases.append(sweep_case({"rope_type": "dynamic", "rope_theta": 1e4, "factor": 0.5}, 128, 4096, 8192))
    cases.append(sweep_case({"rope_type": "yarn", "rope_theta": 1e4, "factor": 0.5, "original_max_position_embeddings": 4096}, 128, 4096))
    cases.append(sweep_case({"rope_type": "yarn", "rope_theta": 1e4, "factor": 4.0, "original_max_position_embeddings": 4096,
                             "beta_fast": 1.0, "beta_slow": 32.0}, 128, 16384))
    cases.append(sweep_case({"rope_type": "yarn", "rope_theta": 1e4, "factor": 4.0, "original_max_position_embeddings": 4096,
                             "attention_factor": -1.0}, 128, 16384))
    cases.append(sweep_case({"rope_type": "llama3", "rope_theta": 5e5, "factor": 8.0, "low_freq_factor": 4.0,
                             "high_freq_factor": 1.0, "original_max_position_embeddings": 8192}, 128, 131072))
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


def remote_code_config(raw):
    """The transformers config that stands for a remote-code family, built by the mapping its
    maintainers published, or None for the other configs."""
    kind = raw.get("model_type")
    if kind == "chatglm":
        # transformers' own src/transformers/models/glm/convert_glm_weights_to_hf.py (convert_config):
        # base 10000·rope_ratio, head_dim = kv_channels, context = seq_length; GlmConfig then rotates
        # half of each head (partial_rotary_factor 0.5), as the remote modeling_chatglm.py does.
        from transformers import GlmConfig
        heads = raw["num_attention_heads"]
        kv = raw["multi_query_group_num"] if raw.get("multi_query_attention") else heads
        return GlmConfig(hidden_size=raw["hidden_size"], num_attention_heads=heads, num_key_value_heads=kv,
                         head_dim=raw["kv_channels"], num_hidden_layers=raw["num_layers"],
                         vocab_size=raw["padded_vocab_size"], intermediate_size=raw["ffn_hidden_size"],
                         tie_word_embeddings=raw.get("tie_word_embeddings", False),
                         max_position_embeddings=raw["seq_length"],
                         rope_parameters={"rope_type": "default", "rope_theta": 10000.0 * raw.get("rope_ratio", 1)})
    if kind == "kimi_k2":
        # Kimi K2's auto_map names its remote configuration_deepseek.DeepseekV3Config and
        # modeling_deepseek.DeepseekV3ForCausalLM: transformers' own DeepseekV3Config reads the same
        # keys (its "yarn" rope_scaling included); only the model_type differs.
        from transformers import DeepseekV3Config
        return DeepseekV3Config(**{k: v for k, v in raw.items() if k not in ("model_type", "auto_map", "quantization_config")})
    if kind == "dbrx":
        # transformers 5.24 builds DBRX's rotary module from a top-level rope_theta (10000 when
        # absent) and ignores attn_config.rope_theta; the model was trained with the latter, so the
        # reference is DbrxConfig with that base as its rope_parameters.
        from transformers import DbrxConfig
        config = DbrxConfig(**{k: v for k, v in raw.items() if k not in ("architectures", "auto_map")})
        config.rope_parameters = {"rope_type": "default", "rope_theta": float(raw["attn_config"]["rope_theta"])}
        return config
    return None


def load_config(raw):
    """transformers' config object for a raw config.json, or the reason it cannot load it."""
    config = remote_code_config(raw)
    if config is not None:
        return config, None
    with tempfile.TemporaryDirectory() as tmp:
        (pathlib.Path(tmp) / "config.json").write_text(json.dumps(raw))
        try:
            return AutoConfig.from_pretrained(tmp, trust_remote_code=False), None
        except Exception as error:  # custom code (internlm2, rwkv5) or mamba_ssm spelling
            if raw.get("model_type") == "internlm2":
                return LlamaConfig(**raw), None   # the same fields, and transformers' Llama rotary module
            return None, f"transformers cannot load it: {type(error).__name__}"


def model_fixtures():
    out = {}
    for path in sorted((root / "Examples" / "configs").glob("*.json")):
        raw = json.loads(path.read_text())
        config, skipped = load_config(raw)
        if config is None:
            out[path.stem] = {"skipped": skipped}
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


def rotating_layers(text):
    """Indices of the layers whose attention output depends on the positions, found by running
    each layer's own attention module (shrunk to 4 heads of 16) on the same input at positions
    0, 1, 2, … and at 0, 3, 6, …: a layer that applies RoPE answers differently, a NoPE layer
    does not. Only for the families with position-free layers."""
    import copy
    config = copy.deepcopy(text)
    config.hidden_size, config.num_attention_heads, config.num_key_value_heads, config.head_dim = 64, 4, 2, 16
    config._attn_implementation = "eager"
    module = sys.modules[rotary_modules(text).__module__]
    prefix = rotary_modules(text).__name__[: -len("RotaryEmbedding")]
    attention_class = getattr(module, f"{prefix}Attention")
    rotary = rotary_modules(text)(config=config)
    torch.manual_seed(0)
    x = torch.randn(1, 8, 64)
    out = []
    for i in range(text.num_hidden_layers):
        layer = attention_class(config, layer_idx=i).eval()
        answers = []
        for stride in (1, 3):
            positions = torch.arange(8)[None] * stride
            if hasattr(rotary, "full_attention_inv_freq") or "layer_type" in rotary.forward.__code__.co_varnames:
                kind = text.layer_types[i]
                cos_sin = rotary(x, positions, layer_type=kind) if hasattr(rotary, f"{kind}_inv_freq") else rotary(x, positions)
            else:
                cos_sin = rotary(x, positions)
            with torch.no_grad():
                answers.append(layer(x, position_embeddings=cos_sin, attention_mask=None)[0])
        if not torch.allclose(answers[0], answers[1], atol=1e-6):
            out.append(i)
    return out


def layer_types(text):
    """The config's layer_types; for the families without them, every layer slides when the
    modelling code passes the config's window to each attention call (Mistral, Phi-3:
    `sliding_window=getattr(self.config, "sliding_window", None)`) and a window is set."""
    if getattr(text, "layer_types", None):
        return list(text.layer_types)
    source = inspect.getsource(sys.modules[rotary_modules(text).__module__])
    slides = 'sliding_window=getattr(self.config, "sliding_window", None)' in source and getattr(text, "sliding_window", None)
    return ["sliding_attention" if slides else "full_attention"] * text.num_hidden_layers


def shapes():
    """What transformers makes of each attention config: layer count, layer types, which layers
    rotate, heads, head_dim, max_position_embeddings."""
    out = {}
    for path in sorted((root / "Examples" / "configs").glob("*.json")):
        raw = json.loads(path.read_text())
        config, _ = load_config(raw)
        if config is None:
            continue
        text = config.get_text_config()
        if not getattr(text, "num_attention_heads", None) or rotary_modules(text) is None:
            continue
        entry = {"layers": text.num_hidden_layers, "heads": text.num_attention_heads,
                 "kv_heads": getattr(text, "num_key_value_heads", None) or text.num_attention_heads,
                 "max_position_embeddings": text.max_position_embeddings,
                 "layer_types": layer_types(text)}
        if text.model_type in ("exaone4",):
            entry["rotating_layers"] = rotating_layers(text)
        out[path.stem] = entry
    return out


def parameter_counts():
    """sum(p.numel()) of the model transformers builds on the meta device (no memory) for each
    bundled config it can build: the reference of ParameterCount.swift."""
    from transformers import AutoModelForCausalLM
    out = {}
    for path in sorted((root / "Examples" / "configs").glob("*.json")):
        config, _ = load_config(json.loads(path.read_text()))
        if config is None or config.model_type in ("chatglm",):
            continue
        try:
            with torch.device("meta"):
                model = AutoModelForCausalLM.from_config(config)
        except Exception:
            continue
        out[path.stem] = sum(p.numel() for p in model.parameters())
    return out


# The model classes whose defaults ModelClassDefaults.swift lists (remote-code chatglm excepted).
CLASS_DEFAULT_TYPES = ["llama", "mistral", "mixtral", "qwen2", "qwen3", "gemma", "gemma2", "gemma3_text", "phi3", "phi",
                       "glm", "glm4", "glm4_moe", "cohere", "cohere2", "dbrx", "exaone4", "deepseek_v2", "deepseek_v3",
                       "stablelm", "gpt_neox", "persimmon", "nemotron", "falcon_h1", "olmo2", "granite", "internlm3",
                       "llama4_text", "qwen2_vl", "qwen2_5_vl", "phimoe", "minimax", "exaone", "olmo3", "smollm3",
                       "apertus", "gpt_oss", "qwen3_next"]


def class_defaults():
    """rope_theta, partial_rotary_factor, a head_dim the class fixes (None when it derives
    hidden // heads: found by instantiating with hidden 960 and 8 heads) and
    max_position_embeddings of each class instantiated without arguments."""
    from transformers import CONFIG_MAPPING
    out = {}
    for kind in CLASS_DEFAULT_TYPES:
        config = CONFIG_MAPPING[kind]().get_text_config()
        params = config.rope_parameters
        if "full_attention" in params:
            params = params["full_attention"]
        probe = CONFIG_MAPPING[kind](hidden_size=960, num_attention_heads=8).get_text_config()
        fixed = getattr(probe, "head_dim", None)
        out[kind] = {"rope_theta": float(params["rope_theta"]),
                     "partial_rotary_factor": params.get("partial_rotary_factor", getattr(config, "partial_rotary_factor", None)),
                     "head_dim": None if fixed in (None, 120) else getattr(config, "head_dim"),
                     "max_position_embeddings": config.max_position_embeddings,
                     "original_max_position_embeddings": getattr(config, "original_max_position_embeddings", None),
                     "tie_word_embeddings": bool(getattr(config, "tie_word_embeddings", True))}
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
        elif kind == "kimi_linear":
            # KimiLinearConfig's layer_types and the sizes its KimiDeltaAttention module reads
            # (modeling_kimi_linear.py: linear_num_heads, linear_head_dim, linear_conv_kernel_dim).
            c, _ = load_config(raw)
            out[path.stem] = {"layers": c.num_hidden_layers, "block": "kimi_delta_attention",
                              "attention_layers": [i for i, t in enumerate(c.layer_types) if t != "linear_attention"],
                              "heads": c.linear_num_heads, "head_dim": c.linear_head_dim, "conv_width": c.linear_conv_kernel_dim}
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
    target.write_text(json.dumps({"meta": meta, "models": model_fixtures(), "recurrent": recurrent_fixtures(),
                                    "shapes": shapes(), "class_defaults": class_defaults(),
                                    "parameters": parameter_counts()}, indent=1) + "\n")
    print("wrote", here / "hf_sweeps.json", "and", target)
