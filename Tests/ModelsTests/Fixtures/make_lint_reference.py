#!/usr/bin/env python3
"""Lint cases: for every lint rule a config that triggers it and one that does not, with the rules
expected (written here, by reading each stack's rule; see Sources/Models/Lint) and the warnings
transformers itself logs when it loads the config (AutoConfig, transformers 5.24 with a CPU torch).

Writes lint_cases.json beside this script (each config as JSON text), plus `transformers_warnings` for every bundled config in
Examples/configs. The Swift tests check that the lint emits exactly the expected rules, and that the
rules which mirror a transformers warning fire exactly when transformers warns.
Run: python3 Tests/ModelsTests/Fixtures/make_lint_reference.py
"""
import copy
import json
import logging
import pathlib
import tempfile

import transformers
from transformers import AutoConfig
from transformers.utils import logging as tlog

here = pathlib.Path(__file__).resolve().parent
root = here.parents[2]

LLAMA = {"model_type": "llama", "hidden_size": 4096, "num_attention_heads": 32, "num_key_value_heads": 8,
         "num_hidden_layers": 2, "max_position_embeddings": 131072, "rope_theta": 500000.0}
LONG = [1.0] * 64


def llama(**changes):
    c = copy.deepcopy(LLAMA)
    for k, v in changes.items():
        if v is None:
            c.pop(k, None)
        else:
            c[k] = v
    return c


def yarn(**extra):
    return {"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 32768, **extra}


def llama3(**extra):
    return {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
            "original_max_position_embeddings": 8192, **extra}


def longrope(n=64, **extra):
    return {"rope_type": "longrope", "short_factor": [1.0] * n, "long_factor": [2.0] * n,
            "original_max_position_embeddings": 4096, **extra}


# (name, config, rules the lint must emit, in any order)
CASES = [
    ("factor below one", llama(rope_scaling={"rope_type": "linear", "factor": 0.5}), ["rope-factor-below-one", "stacks-disagree"]),
    ("factor above one", llama(rope_scaling={"rope_type": "linear", "factor": 2.0}), ["stacks-disagree"]),
    ("yarn attention factor negative", llama(rope_scaling=yarn(attention_factor=-1.0)), ["rope-attention-factor"]),
    ("yarn attention factor integer", llama(rope_scaling=yarn(attention_factor=1)), ["rope-attention-factor"]),
    ("yarn attention factor float", llama(rope_scaling=yarn(attention_factor=1.0)), []),
    ("yarn beta order", llama(rope_scaling=yarn(beta_fast=1, beta_slow=32)), ["yarn-beta-order"]),
    ("yarn beta ordered", llama(rope_scaling=yarn(beta_fast=32, beta_slow=1)), []),
    ("yarn factor mismatch", llama(max_position_embeddings=40960, rope_scaling=yarn()), ["yarn-factor-mismatch"]),
    ("yarn factor matching", llama(max_position_embeddings=131072, rope_scaling=yarn()), []),
    ("yarn mscale alone", llama(rope_scaling=yarn(mscale=0.707)), ["yarn-mscale-without-all-dim"]),
    ("yarn mscale with all dim", llama(rope_scaling=yarn(mscale=0.707, mscale_all_dim=0.707)), []),
    ("yarn original defaulted", llama(rope_scaling={"rope_type": "yarn", "factor": 4.0}), ["original-defaulted"]),
    # vLLM's longrope default is the top-level original_max_position_embeddings, which a Llama config does not have.
    ("longrope short list", llama(rope_scaling=longrope(32, factor=32.0)), ["longrope-factor-length"]),
    ("longrope lists of rotary_dim/2", llama(rope_scaling=longrope(64, factor=32.0)), []),
    ("longrope without factor", llama(rope_scaling=longrope(64)), ["longrope-implicit-factor"]),
    ("phi3 longrope: vLLM defaults to 4096", {"model_type": "phi3", "hidden_size": 3072, "num_attention_heads": 32, "num_hidden_layers": 2,
                                              "max_position_embeddings": 131072, "original_max_position_embeddings": 4096,
                                              "rope_theta": 1e4, "rope_scaling": {k: v for k, v in longrope(48, factor=32.0).items()
                                                                                  if k != "original_max_position_embeddings"}},
     ["stacks-disagree"]),
    ("llama3 frequency order", llama(rope_scaling=llama3(high_freq_factor=1.0)), ["llama3-frequency-order"]),
    ("llama3 original float", llama(rope_scaling=llama3(original_max_position_embeddings=8192.0)), ["llama3-original-not-integer"]),
    ("llama3 original absent", llama(rope_scaling={k: v for k, v in llama3().items() if k != "original_max_position_embeddings"}),
     ["llama3-original-not-below-max"]),
    ("llama3 clean", llama(rope_scaling=llama3()), []),
    ("proportional without partial rotary", llama(rope_scaling={"rope_type": "proportional"}), ["proportional-without-partial-rotary"]),
    ("proportional with partial rotary", llama(rope_scaling={"rope_type": "proportional", "partial_rotary_factor": 0.25}),
     ["partial-rotary-ignored"]),
    ("proportional with a factor", llama(rope_scaling={"rope_type": "proportional", "factor": 1.0, "partial_rotary_factor": 0.25}),
     ["rope-key-unknown", "partial-rotary-ignored"]),
    ("unknown key", llama(rope_scaling={"rope_type": "linear", "factor": 2.0, "finetuned": True}), ["rope-key-unknown", "stacks-disagree"]),
    ("misspelled attn_factor", llama(rope_scaling=yarn(attn_factor=1.2)), ["rope-key-misspelled"]),
    ("type and rope_type disagree", llama(rope_scaling={"type": "linear", "rope_type": "dynamic", "factor": 2.0}),
     ["rope-type-conflict", "stacks-disagree"]),
    ("legacy type alone", llama(rope_scaling={"type": "dynamic", "factor": 2.0}), ["stacks-disagree"]),
    ("top-level original wins", llama(original_max_position_embeddings=4096, rope_scaling=yarn(original_max_position_embeddings=8192)),
     ["original-top-level-wins", "yarn-factor-mismatch"]),
    ("rope_theta missing, class default 1e6",
     {"model_type": "mixtral", "hidden_size": 4096, "num_attention_heads": 32, "num_key_value_heads": 8, "num_hidden_layers": 2,
      "max_position_embeddings": 32768}, ["rope-theta-missing"]),
    ("rope_theta missing, class default 1e4", llama(rope_theta=None), []),
    ("rope_theta in the dictionary and outside",
     llama(rope_parameters={"rope_type": "default", "rope_theta": 1e6}), ["rope-theta-twice"]),
    ("rope_theta in the dictionary only", llama(rope_theta=None, rope_parameters={"rope_type": "default", "rope_theta": 1e6}), []),
    ("both rope dictionaries", llama(rope_scaling={"rope_type": "linear", "factor": 2.0},
                                     rope_parameters={"rope_type": "linear", "factor": 2.0, "rope_theta": 500000.0}),
     ["rope-both-dictionaries", "stacks-disagree"]),
    ("qwen3 head_dim defaulted", {"model_type": "qwen3", "hidden_size": 2560, "num_attention_heads": 32, "num_key_value_heads": 8,
                                  "num_hidden_layers": 2, "max_position_embeddings": 40960, "rope_theta": 1e6}, ["class-default-head-dim"]),
    ("qwen3 head_dim given", {"model_type": "qwen3", "hidden_size": 2560, "head_dim": 128, "num_attention_heads": 32, "num_key_value_heads": 8,
                              "num_hidden_layers": 2, "max_position_embeddings": 40960, "rope_theta": 1e6}, []),
    ("glm4 partial rotary defaulted", {"model_type": "glm4", "hidden_size": 4096, "head_dim": 128, "num_attention_heads": 32,
                                       "num_key_value_heads": 2, "num_hidden_layers": 2, "max_position_embeddings": 131072, "rope_theta": 1e4},
     ["class-default-partial-rotary"]),
    ("glm4 partial rotary given", {"model_type": "glm4", "hidden_size": 4096, "head_dim": 128, "num_attention_heads": 32,
                                   "num_key_value_heads": 2, "num_hidden_layers": 2, "max_position_embeddings": 131072, "rope_theta": 1e4,
                                   "partial_rotary_factor": 0.5}, []),
    ("llama with partial rotary", llama(partial_rotary_factor=0.5), ["partial-rotary-ignored"]),
    ("linear already scaled", llama(max_position_embeddings=16384, original_max_position_embeddings=4096,
                                    rope_scaling={"rope_type": "linear", "factor": 4.0}), ["double-scaling", "stacks-disagree"]),
    ("linear not yet scaled", llama(max_position_embeddings=4096, original_max_position_embeddings=4096,
                                    rope_scaling={"rope_type": "linear", "factor": 4.0}), ["stacks-disagree"]),
    ("dynamic: vLLM multiplies", llama(max_position_embeddings=32768, rope_scaling={"rope_type": "dynamic", "factor": 2.0}), ["stacks-disagree"]),
    ("command-r model_max_length", {"model_type": "cohere", "hidden_size": 8192, "num_attention_heads": 64, "num_hidden_layers": 2,
                                    "max_position_embeddings": 8192, "model_max_length": 131072, "rope_theta": 8e6},
     ["model-max-length", "stacks-disagree"]),
    ("command-r without it", {"model_type": "cohere", "hidden_size": 8192, "num_attention_heads": 64, "num_hidden_layers": 2,
                              "max_position_embeddings": 131072, "rope_theta": 8e6}, []),
    ("dbrx attn_config rope_theta", {"model_type": "dbrx", "d_model": 1024, "n_heads": 8, "n_layers": 2, "max_seq_len": 32768,
                                     "attn_config": {"kv_n_heads": 2, "rope_theta": 500000}}, ["dbrx-rope-theta"]),
    ("dbrx with the same top-level rope_theta", {"model_type": "dbrx", "d_model": 1024, "n_heads": 8, "n_layers": 2, "max_seq_len": 32768,
                                                 "rope_theta": 500000, "attn_config": {"kv_n_heads": 2, "rope_theta": 500000}}, []),
    ("chatglm", {"model_type": "chatglm", "hidden_size": 4096, "kv_channels": 128, "num_attention_heads": 32, "num_layers": 2,
                 "seq_length": 131072, "rope_ratio": 500, "multi_query_attention": True, "multi_query_group_num": 2},
     ["chatglm-remote-code", "class-default-partial-rotary"]),
    ("condense ratio", llama(rope_condense_ratio=4), ["rope-condense-ratio"]),
    ("condense ratio 1", llama(rope_condense_ratio=1), []),
    ("exaone4 global NoPE", {"model_type": "exaone4", "hidden_size": 512, "num_attention_heads": 4, "num_key_value_heads": 2,
                             "num_hidden_layers": 8, "max_position_embeddings": 131072, "sliding_window": 4096,
                             "sliding_window_pattern": 4, "rope_theta": 1e6}, ["global-nope"]),
    ("exaone4 without a window", {"model_type": "exaone4", "hidden_size": 512, "num_attention_heads": 4, "num_key_value_heads": 2,
                                  "num_hidden_layers": 8, "max_position_embeddings": 131072, "sliding_window": None,
                                  "layer_types": ["full_attention"] * 8, "rope_theta": 1e6}, []),
    ("gpt-neox with llama keys", {"model_type": "gpt_neox", "hidden_size": 1024, "num_attention_heads": 16, "num_hidden_layers": 2,
                                  "max_position_embeddings": 2048, "rope_theta": 1e6, "partial_rotary_factor": 0.25}, ["gpt-neox-keys"]),
    ("gpt-neox with its keys", {"model_type": "gpt_neox", "hidden_size": 1024, "num_attention_heads": 16, "num_hidden_layers": 2,
                                "max_position_embeddings": 2048, "rotary_emb_base": 1e6, "rotary_pct": 0.25}, []),
    ("gemma3 legacy type", {"model_type": "gemma3_text", "hidden_size": 1152, "head_dim": 256, "num_attention_heads": 4,
                            "num_key_value_heads": 1, "num_hidden_layers": 6, "max_position_embeddings": 131072, "sliding_window": 512,
                            "rope_theta": 1e6, "rope_local_base_freq": 1e4, "rope_scaling": {"type": "linear", "factor": 8.0}},
     ["gemma3-legacy-type", "rope-key-unknown"]),
    ("gemma3 rope_type", {"model_type": "gemma3_text", "hidden_size": 1152, "head_dim": 256, "num_attention_heads": 4,
                          "num_key_value_heads": 1, "num_hidden_layers": 6, "max_position_embeddings": 131072, "sliding_window": 512,
                          "rope_theta": 1e6, "rope_local_base_freq": 1e4, "rope_scaling": {"rope_type": "linear", "factor": 8.0}}, []),
]


def transformers_warnings(config):
    """The warnings transformers logs while loading `config`, or the error it raises."""
    records = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    handler = Collect(level=logging.WARNING)
    logger = tlog.get_logger("transformers")
    logger.addHandler(handler)
    logging.Logger.warning_once.cache_clear()     # transformers' warning_once is an lru_cache on the logger
    try:
        with tempfile.TemporaryDirectory() as tmp:
            (pathlib.Path(tmp) / "config.json").write_text(json.dumps(config))
            try:
                AutoConfig.from_pretrained(tmp, trust_remote_code=False)
            except Exception as error:
                return {"error": f"{type(error).__name__}"}
    finally:
        logger.removeHandler(handler)
    return {"warnings": records}


if __name__ == "__main__":
    tlog.set_verbosity_warning()
    cases = [{"name": n, "config": json.dumps(c), "rules": r, "transformers": transformers_warnings(c)} for n, c, r in CASES]
    bundled = {p.stem: transformers_warnings(json.loads(p.read_text())) for p in sorted((root / "Examples" / "configs").glob("*.json"))}
    out = {"meta": {"transformers": transformers.__version__}, "cases": cases, "bundled": bundled}
    (here / "lint_cases.json").write_text(json.dumps(out, indent=1) + "\n")
    print("wrote", here / "lint_cases.json", len(cases), "cases")
