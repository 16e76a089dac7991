import Foundation
import Testing
import TestSupport
@testable import Models

/// Weights as checkpoints store them (`quantization_config`), against published sizes of the same
/// checkpoints. Norms, biases and (for fp8) the scale tensors' rounding are left out, so within 1 %.
@Suite("Weights as stored")
struct WeightStorageTests {
    static func root(_ name: String) throws -> JSONNode {
        let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/families")!
        return try JSONParser.parse(try String(contentsOf: url, encoding: .utf8))
    }

    static func storedBytes(_ name: String) throws -> Double {
        let root = try root(name)
        let storage = try #require(try WeightStorage.read(root))
        return storage.bytes(try ParameterCount.breakdown(root))
    }

    /// gpt-oss-120b: MXFP4 experts, bf16 elsewhere. llama.cpp loading the MXFP4 GGUF, which keeps
    /// the same layout (108 mxfp4 expert tensors, 146 bf16, 433 f32 norm/bias tensors), prints
    /// "file size = 60.87 GiB (4.48 BPW)" (log in ollama/ollama#16416, 2026-06).
    @Test func gptOss120bMXFP4() throws {
        #expect(isClose(try Self.storedBytes("gpt-oss-120b-shaped"), 60.87 * 0x1p30, .approximation(0.01)))
        // Read as all-bf16, as before: 217 GiB, "not even one token fits" in 80 GiB.
        #expect(try ParameterCount.count(try Self.root("gpt-oss-120b-shaped")) * 2 > 200 * 0x1p30)
    }

    /// MiniMax-M2: block-wise FP8 (128 × 128) on every decoder linear, the router and output head
    /// unconverted. hf-mem's README (PyPI hf-mem 0.5.4, `run(model_id="MiniMaxAI/MiniMax-M2")`) reports
    /// memory = 230121630720 bytes, read from the safetensors headers.
    @Test func miniMaxM2FP8() throws {
        #expect(isClose(try Self.storedBytes("minimax-m2-shaped"), 230_121_630_720, .approximation(0.01)))
    }

    /// gpt-oss-20b: "checkpoint ~13 GB" (kekzl/imp#547, reading the Hub's safetensors). Only two
    /// significant digits are published, so the check is to that precision.
    @Test func gptOss20bMXFP4() throws {
        #expect(isClose(try Self.storedBytes("gpt-oss-20b-shaped") / 1e9, 13, .approximation(0.07)))
    }

    /// Qwen3-4B in 4-bit AWQ (group 128, the tied embedding in fp16): a vLLM user reports the weights
    /// load in "2.5G+" (QwenLM/Qwen3#1509, 2025-06); two digits, so checked to 5 %.
    @Test func qwen3_4bAWQ() throws {
        #expect(isClose(try Self.storedBytes("qwen3-4b-awq-shaped") / 0x1p30, 2.5, .approximation(0.05)))
    }

    /// Llama-2-13B in 4-bit GPTQ at three group sizes, against the file sizes TheBloke publishes for
    /// TheBloke/Llama-2-13B-GPTQ (README "Provided files": main 4-bit 128g 7.26 GB,
    /// gptq-4bit-64g-actorder_True 7.51 GB, gptq-4bit-32g-actorder_True 8.00 GB; read in a verbatim copy
    /// of that README, huggingface.co/tridungduong16/Llama-2-13B-GPTQ-Orca @ fd5b5b96). The architecture is
    /// meta-llama/Llama-2-13b-hf's config (hidden 5120, 40 layers and heads, MLP 13824, vocab 32000,
    /// untied head, fp16). Left out: g_idx and the zero biases AutoGPTQ stores (≈ 11 MB), so within 0.5 %.
    @Test(arguments: [(32, 8.00), (64, 7.51), (128, 7.26)])
    func llama2_13bGPTQAgainstPublishedFileSizes(groupSize: Int, gigabytes: Double) throws {
        let config = #"{"model_type": "llama", "hidden_size": 5120, "intermediate_size": 13824, "num_attention_heads": 40, "num_key_value_heads": 40, "num_hidden_layers": 40, "vocab_size": 32000, "tie_word_embeddings": false, "torch_dtype": "float16", "quantization_config": {"quant_method": "gptq", "bits": 4, "group_size": GS, "desc_act": false, "sym": true}}"#
        let root = try JSONParser.parse(config.replacingOccurrences(of: "GS", with: "\(groupSize)"))
        let storage = try #require(try WeightStorage.read(root))
        #expect(isClose(storage.bytes(try ParameterCount.breakdown(root)) / 1e9, gigabytes, .approximation(0.005)))
    }

    /// Qwen2.5-7B-Instruct quantized by bitsandbytes to NF4 with double quantization (lm_head and
    /// embeddings kept in bf16): the model card of Knightly9/Qwen2.5-7B-Instruct-nf4 reports the saved
    /// 4-bit folder at "5.18 GB", in the same units as its "14.19 GB" for the bf16 source, which is the
    /// source's 15.23·10⁹ bytes in GiB. Double quantization matters here: single (fp32 absmax per 64)
    /// would give 5.44 GiB.
    @Test func qwen25_7bNF4DoubleQuantAgainstThePublishedFolderSize() throws {
        var root = try JSONParser.parse(BundledExamples.configs["qwen2.5-7b-instruct-yarn"]!)
        root = root.setting("quantization_config", to: try JSONParser.parse(
            #"{"quant_method": "bitsandbytes", "load_in_4bit": true, "bnb_4bit_quant_type": "nf4", "bnb_4bit_use_double_quant": true, "bnb_4bit_compute_dtype": "bfloat16"}"#))
        let storage = try #require(try WeightStorage.read(root))
        #expect(isClose(storage.bytes(try ParameterCount.breakdown(root)) / 0x1p30, 5.18, .approximation(0.01)))
    }

    /// GPTQ/AWQ and bitsandbytes by their layouts: bits + (16 + bits)/group_size per weight, the
    /// embeddings and output head at the dtype; NF4 + an fp32 absmax per 64 weights.
    @Test func groupQuantizationLayouts() throws {
        let base = #"{"model_type": "llama", "hidden_size": 4096, "num_attention_heads": 32, "num_key_value_heads": 8, "num_hidden_layers": 32, "intermediate_size": 14336, "vocab_size": 128256, "torch_dtype": "float16", "quantization_config": QC}"#
        func storage(_ qc: String) throws -> WeightStorage? {
            try WeightStorage.read(try JSONParser.parse(base.replacingOccurrences(of: "QC", with: qc)))
        }
        let gptq = try #require(try storage(#"{"quant_method": "gptq", "bits": 4, "group_size": 128}"#))
        #expect(gptq.quantizedBits == 4 + 20.0 / 128 && gptq.quantizedParts == [.attention, .denseMLP, .experts, .recurrent] && gptq.unquantizedBits == 16)
        let awq = try #require(try storage(#"{"quant_method": "awq", "bits": 4, "group_size": -1, "modules_to_not_convert": ["self_attn"]}"#))
        #expect(awq.quantizedBits == 4 && awq.quantizedParts == [.denseMLP, .experts, .recurrent])
        let nf4 = try #require(try storage(#"{"quant_method": "bitsandbytes", "load_in_4bit": true}"#))
        #expect(nf4.quantizedBits == 4.5 && nf4.quantizedParts.contains(.router) && !nf4.quantizedParts.contains(.outputHead))
        let int8 = try #require(try storage(#"{"quant_method": "bitsandbytes", "load_in_8bit": true, "llm_int8_skip_modules": ["lm_head", "mlp.gate"]}"#))
        #expect(int8.quantizedBits == 8 && !int8.quantizedParts.contains(.router))
        // Llama-3.1-8B in 4-bit GPTQ: 6.98 B linear weights at 4.156 bits, 1.05 B embedding + head at 16.
        let parts = try ParameterCount.breakdown(try JSONParser.parse(base.replacingOccurrences(of: "QC", with: "null")))
        #expect(isClose(gptq.bytes(parts), (parts.attention + parts.denseMLP) * (4 + 20.0 / 128) / 8 + (parts.embedding + parts.outputHead) * 2, .tol1))
    }

    @Test func malformedQuantizationConfigNamesTheField() {
        let base = #"{"model_type": "llama", "hidden_size": 64, "num_attention_heads": 4, "num_hidden_layers": 1, "quantization_config": QC}"#
        func field(_ qc: String) -> String? {
            do { _ = try WeightStorage.read(try JSONParser.parse(base.replacingOccurrences(of: "QC", with: qc))); return nil }
            catch let error as ConfigError { return error.field } catch { return "\(error)" }
        }
        #expect(field(#"{"bits": 4}"#) == "quantization_config.quant_method")
        #expect(field(#"{"quant_method": "hqq"}"#) == "quantization_config.quant_method")
        #expect(field(#"{"quant_method": "gptq"}"#) == "quantization_config.bits")
        #expect(field(#"{"quant_method": "gptq", "bits": 5}"#) == "quantization_config.bits")
        #expect(field(#"{"quant_method": "awq", "bits": 4, "group_size": 0}"#) == "quantization_config.group_size")
        #expect(field(#"{"quant_method": "fp8", "weight_block_size": [128]}"#) == "quantization_config.weight_block_size")
        #expect(field(#"{"quant_method": "bitsandbytes"}"#) == "quantization_config.load_in_4bit")
        #expect(field(#"{"quant_method": "mxfp4", "modules_to_not_convert": [1]}"#) == "quantization_config.modules_to_not_convert[0]")
        #expect(field(#""mxfp4""#) == "quantization_config")
    }
}
