#!/usr/bin/env python3
"""Reference readings of the 2025–2026 family fixtures by transformers itself (v5, CPU torch).

Writes family_cases.json beside this script: for every config in families/ (small configs in each
family's own spelling, shaped like the released ones), what transformers makes of it:
  layer_types            the config's layer types after transformers' __post_init__;
  rotating_layers        the indices of the decoder layers whose attention applies RoPE (the model
                         has a rotary module and the layer does not opt out with use_rope = 0);
  groups                 per attention layer type: inv_freq and attention factor of the model's own
                         rotary module;
  kv_elements_per_token  cached key/value elements per token summed over the attention layers
                         (k_proj + v_proj output widths; MLA: kv_a_proj_with_mqa's latent width);
  state_elements         per recurrent layer, the fast-weight / SSM matrix its module keeps
                         (Gated DeltaNet n_v·d_k·d_v, KDA and lightning heads·d², Mamba-2 heads·d·N);
  conv_elements          per recurrent layer, in_channels × kernel_size of its Conv1d modules
                         (the convolution cache transformers allocates);
  parameters             sum(p.numel()) of the model built on the meta device.
The model is built on the meta device (no memory); the rotary module is rebuilt on the CPU to read
its buffers. Run:  python3 Tests/ModelsTests/Fixtures/make_family_reference.py
Needs: pip install "torch==2.13.0+cpu" "transformers>=5"   (not needed by `swift test`).
"""
import json
import pathlib
import sys
import tempfile
import warnings

import torch
import transformers
from transformers import AutoConfig, AutoModel, AutoModelForCausalLM

warnings.filterwarnings("ignore")
transformers.logging.set_verbosity_error()
here = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(here.parents[1] / "RotaryTests" / "Fixtures"))
from make_hf_reference import layer_types, remote_code_config  # noqa: E402  (one place for the remote-code families'
# stand-ins and for the layer types of configs without layer_types: Mistral and Phi-3 slide when a window is set)

def floats(t):
    return [float(x) for x in t.tolist()]


def load(raw):
    config = remote_code_config(raw)
    if config is not None:
        return config
    with tempfile.TemporaryDirectory() as tmp:
        (pathlib.Path(tmp) / "config.json").write_text(json.dumps(raw))
        return AutoConfig.from_pretrained(tmp)


def decoder_layers(model):
    for name, module in model.named_modules():
        if isinstance(module, torch.nn.ModuleList) and name.endswith("layers") and "visual" not in name:
            return list(module)
    raise ValueError("no decoder layer list")


def attention_of(layer):
    for name in ("self_attn", "attention", "mixer"):
        module = getattr(layer, name, None)
        if module is not None and (name != "mixer" or type(module).__name__.endswith("Attention")):
            return module
    return None


def recurrent_of(layer):
    for name in ("linear_attn", "mamba", "conv", "mixer", "self_attn"):
        module = getattr(layer, name, None)
        if module is not None and type(module).__name__.endswith(("GatedDeltaNet", "DeltaAttention", "LightningAttention",
                                                                  "Mixer", "MambaLayer", "ShortConv")):
            return module
    return None


def state_elements(module):
    kind = type(module).__name__
    if kind.endswith("GatedDeltaNet"):
        return module.num_v_heads * module.head_k_dim * module.head_v_dim
    if kind.endswith("DeltaAttention"):
        return module.num_heads * module.head_dim * module.head_dim
    if kind.endswith("LightningAttention"):
        return module.num_attention_heads * module.head_dim * module.head_dim
    if kind.endswith(("Mixer", "MambaLayer")):
        return module.num_heads * module.head_dim * module.ssm_state_size
    return 0      # a short convolution keeps only its convolution cache


def conv_elements(module):
    return sum(m.in_channels * m.kernel_size[0] for m in module.modules() if isinstance(m, torch.nn.Conv1d))


def kv_elements(attention):
    if hasattr(attention, "kv_a_proj_with_mqa"):
        return attention.kv_a_proj_with_mqa.out_features
    if hasattr(attention, "qkv_proj"):   # Phi-3: one fused projection, the queries first
        return attention.qkv_proj.out_features - attention.config.num_attention_heads * attention.head_dim
    return attention.k_proj.out_features + attention.v_proj.out_features


def case(raw):
    # The weights' storage does not change the shapes read here; building a quantized model would
    # need its kernels, so the quantization_config is left out.
    config = load({k: v for k, v in raw.items() if k != "quantization_config"})
    text = config.get_text_config()
    with torch.device("meta"):
        try:
            model = AutoModelForCausalLM.from_config(text)
            head = 0
        except ValueError:
            # Qwen3-VL's text config has no causal-LM class of its own (the head lives in
            # Qwen3VLForConditionalGeneration): the text model, plus its untied lm_head.
            model = AutoModel.from_config(text)
            head = 0 if config.tie_word_embeddings else text.vocab_size * text.hidden_size
    layers = decoder_layers(model)
    rotary = getattr(getattr(model, "model", model), "rotary_emb", None)
    types = layer_types(text) if rotary is not None else list(getattr(text, "layer_types", None) or ["full_attention"] * text.num_hidden_layers)
    entry = {"layer_types": types, "rotating_layers": [], "kv_elements_per_token": 0, "state_elements": [], "conv_elements": [],
             "parameters": sum(p.numel() for p in model.parameters()) + head, "groups": {}}
    for i, layer in enumerate(layers):
        recurrent = recurrent_of(layer)
        attention = None if recurrent is not None and recurrent is getattr(layer, "self_attn", None) else attention_of(layer)
        if recurrent is not None:
            entry["state_elements"].append(state_elements(recurrent))
            entry["conv_elements"].append(conv_elements(recurrent))
        if attention is not None:
            if not getattr(attention, "is_kv_shared_layer", False):   # Gemma 3n: reads an earlier layer's cache
                entry["kv_elements_per_token"] += kv_elements(attention)
            if rotary is not None and bool(getattr(attention, "use_rope", True)):
                entry["rotating_layers"].append(i)
    if rotary is not None:
        module = type(rotary)(config=text)
        for kind in sorted({types[i] for i in entry["rotating_layers"]}):
            prefix = f"{kind}_" if hasattr(module, f"{kind}_inv_freq") else ""
            entry["groups"][kind] = {"inv_freq": floats(getattr(module, f"{prefix}inv_freq")),
                                     "attention_factor": float(getattr(module, f"{prefix}attention_scaling"))}
    return entry


# Released configs of 2025–2026 bundled in Examples/configs (provenance in its PROVENANCE.md):
# read from there, keyed "bundled/<name>".
BUNDLED = ["qwen3-0.6b", "qwen3-1.7b", "qwen3-4b", "qwen3-8b", "qwen3-14b", "qwen3-32b", "qwen3-30b-a3b",
           "qwen3-4b-instruct-2507", "qwen3-4b-thinking-2507", "qwen3.6-27b", "gemma-3-1b-it", "gemma-3-27b-it",
           "ministral-3-3b-reasoning-2512", "llama-4-scout-17b-16e", "phi-4-mini-instruct", "smollm3-3b", "olmo-2-0325-32b",
           "gpt-oss-20b", "glm-4.5", "kimi-k2-instruct", "qwen3-235b-a22b-instruct-2507", "qwen3-next-80b-a3b-instruct",
           "qwen3-vl-8b-instruct", "qwen3-vl-30b-a3b-instruct", "minimax-m2.7", "glm-4.7-flash", "glm-5.1",
           "kimi-linear-48b-a3b-instruct", "deepseek-v3.2"]
# (EXAONE 4's NoPE global layers are decided inside its attention's forward, which the use_rope probe
# above cannot see; make_hf_reference.py's rotating_layers covers it by running the layers.)

if __name__ == "__main__":
    cases = {}
    for path in sorted((here / "families").glob("*.json")):
        cases[path.stem] = case(json.loads(path.read_text()))
    for name in BUNDLED:
        cases[f"bundled/{name}"] = case(json.loads((here.parents[2] / "Examples" / "configs" / f"{name}.json").read_text()))
    meta = {"transformers": transformers.__version__, "torch": torch.__version__}
    (here / "family_cases.json").write_text(json.dumps({"meta": meta, "cases": cases}, indent=1) + "\n")
    print("wrote", here / "family_cases.json")
