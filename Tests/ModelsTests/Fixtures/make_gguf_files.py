#!/usr/bin/env python3
"""GGUF test files, written by the `gguf` package from PyPI (llama.cpp's own writer), into gguf/
beside this script:

- one file per architecture with the metadata llama.cpp's converter writes for a bundled config
  (the same numbers; a test checks that `ctxlimits check` agrees on the file and the config.json);
  phi-3-mini-4k-instruct.json is written beside them as the config of the Phi-3 file;
- llama-3.1-8b.gguf with the `rope_freqs` tensor the converter writes for llama3 scaling;
- a little-endian and a big-endian copy of one file;
- malformed files built byte by byte (bad magic, truncated header, a string or array longer than
  the file, a 2^60 tensor count, an unknown value type, versions 1 and 7, nested arrays, duplicate
  keys, a boolean of 2).

Every file carries a tokenizer-sized string array, as real files do, so the reader must skip it.
Run: python3 Tests/ModelsTests/Fixtures/make_gguf_files.py   (needs `pip install gguf numpy`)
"""
import json
import pathlib
import struct

import gguf
import numpy as np

here = pathlib.Path(__file__).resolve().parent
out = here / "gguf"
out.mkdir(exist_ok=True)
root = here.parents[2]

PHI3_4K = {  # microsoft/Phi-3-mini-4k-instruct's attention and rope fields (no rope scaling)
    "architectures": ["Phi3ForCausalLM"], "model_type": "phi3", "hidden_size": 3072, "intermediate_size": 8192,
    "max_position_embeddings": 4096, "original_max_position_embeddings": 4096, "num_attention_heads": 32,
    "num_hidden_layers": 32, "num_key_value_heads": 32, "rope_scaling": None, "rope_theta": 10000.0,
    "sliding_window": 2047, "torch_dtype": "bfloat16", "vocab_size": 32064,
}


def config(name):
    if name == "phi-3-mini-4k-instruct":
        return PHI3_4K
    return json.loads((root / "Examples" / "configs" / f"{name}.json").read_text())


def write(path, arch, c, tensors=(), endian=gguf.GGUFEndian.LITTLE):
    """The metadata llama.cpp's converter writes for config c (convert_hf_to_gguf.py TextModel and the arch classes)."""
    w = gguf.GGUFWriter(str(path), arch, endianess=endian)
    w.add_name(c.get("_name_or_path", path.stem))
    w.add_context_length(c["max_position_embeddings"])
    w.add_embedding_length(c["hidden_size"])
    w.add_block_count(c["num_hidden_layers"])
    w.add_head_count(c["num_attention_heads"])
    w.add_head_count_kv(c.get("num_key_value_heads", c["num_attention_heads"]))
    head_dim = c.get("head_dim") or c["hidden_size"] // c["num_attention_heads"]
    if "head_dim" in c:
        w.add_key_length(head_dim)
        w.add_value_length(head_dim)
    w.add_rope_dimension_count(head_dim)
    if arch != "gemma2":                                  # the Gemma-2 converter writes no rope keys
        w.add_rope_freq_base(c.get("rope_theta", 10000.0))
    rope = c.get("rope_scaling") or {}
    kind = rope.get("rope_type", rope.get("type"))
    if kind == "linear":
        w.add_rope_scaling_type(gguf.RopeScalingType.LINEAR)
        w.add_rope_scaling_factor(rope["factor"])
    elif kind == "yarn":
        w.add_rope_scaling_type(gguf.RopeScalingType.YARN)
        w.add_rope_scaling_factor(rope["factor"])
        w.add_rope_scaling_orig_ctx_len(rope["original_max_position_embeddings"])
    if arch == "phi3":
        w.add_rope_scaling_orig_ctx_len(c.get("original_max_position_embeddings", 4096))
    if c.get("sliding_window") and arch in ("gemma2", "gemma3", "phi3"):
        w.add_sliding_window(c["sliding_window"])
    if arch == "gemma3":
        w.add_rope_freq_base_swa(c.get("rope_local_base_freq", 10000.0))
    w.add_token_list([f"tok{i}" for i in range(3000)])     # a vocabulary to skip
    w.add_tensor("token_embd.weight", np.zeros((4, 4), dtype=np.float32))
    for name, data in tensors:
        w.add_tensor(name, data)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


PAIRS = [  # (file, architecture, config)
    ("llama-3-8b", "llama", "llama-3-8b"),
    ("mistral-7b-v0.3", "llama", "mistral-7b-v0.3"),          # the converter writes Mistral as llama
    ("qwen2.5-3b", "qwen2", "qwen2.5-3b"),
    ("qwen2.5-7b-instruct-yarn", "qwen2", "qwen2.5-7b-instruct-yarn"),
    ("qwen3-8b", "qwen3", "qwen3-8b"),
    ("gemma-2-9b-it", "gemma2", "gemma-2-9b-it"),
    ("gemma-3-1b-it", "gemma3", "gemma-3-1b-it"),
    ("phi-3-mini-4k-instruct", "phi3", "phi-3-mini-4k-instruct"),
]


def raw(name, *chunks):
    (out / f"{name}.gguf").write_bytes(b"".join(chunks))


def u32(x):
    return struct.pack("<I", x)


def u64(x):
    return struct.pack("<Q", x)


def string(s):
    b = s.encode()
    return u64(len(b)) + b


if __name__ == "__main__":
    for file, arch, name in PAIRS:
        write(out / f"{file}.gguf", arch, config(name))
    (out / "phi-3-mini-4k-instruct.json").write_text(json.dumps(PHI3_4K, indent=2) + "\n")
    write(out / "llama-3.1-8b.gguf", "llama", config("llama-3.1-8b"),
          tensors=[("rope_freqs.weight", np.ones(64, dtype=np.float32))])
    write(out / "qwen3-8b-big-endian.gguf", "qwen3", config("qwen3-8b"), endian=gguf.GGUFEndian.BIG)
    write(out / "unknown-architecture.gguf", "exotic", config("llama-3-8b"))     # read with the generic keys, and noted

    header = b"GGUF" + u32(3)
    arch_kv = string("general.architecture") + u32(8) + string("llama")
    raw("bad-magic", b"GGUX" + u32(3) + u64(0) + u64(0))
    raw("truncated-header", b"GGUF" + u32(3) + b"\x00\x00")
    raw("version-1", b"GGUF" + u32(1) + u32(0) + u32(0))
    raw("version-7", b"GGUF" + u32(7) + u64(0) + u64(0))
    raw("huge-tensor-count", header + u64(1 << 60) + u64(1) + arch_kv)
    raw("huge-kv-count", header + u64(0) + u64(1 << 62) + arch_kv)
    raw("string-past-end", header + u64(0) + u64(1) + u64(1 << 40) + b"general.architecture")
    raw("value-string-past-end", header + u64(0) + u64(1) + string("general.architecture") + u32(8) + u64(1 << 33) + b"llama")
    raw("unknown-value-type", header + u64(0) + u64(1) + string("general.architecture") + u32(99) + b"\x00" * 8)
    raw("nested-array", header + u64(0) + u64(1) + string("llama.attention.head_count") + u32(9) + u32(9) + u64(1) + u32(4) + u64(1) + u32(8))
    raw("huge-array", header + u64(0) + u64(1) + string("tokenizer.ggml.tokens") + u32(9) + u32(8) + u64(1 << 50) + u64(1) + b"a")
    raw("duplicate-key", header + u64(0) + u64(2) + arch_kv + arch_kv)
    raw("bool-two", header + u64(0) + u64(2) + arch_kv + string("general.flag") + u32(7) + b"\x02")
    raw("no-architecture", header + u64(0) + u64(1) + string("general.name") + u32(8) + string("x"))
    print("wrote", len(list(out.glob("*.gguf"))), "GGUF files to", out)
