import Foundation
import Testing
import TestSupport
@testable import CtxlimitsCLI

@Suite("ctxlimits capacity")
struct CapacityCommandTests {
    @Test func jsonKeysAndValues() throws {
        let r = runTool(["capacity", "mamba2-130m", "--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        let j = try decodeJSON(r.out)
        #expect(j["state_elements"].int == 4_718_592 && j["state_elements_with_conv"].int == 4_847_616)
        // state-capacity.md T5: 4.718592 M elements → T_forget = 19.936 K, T_recall = 15.150 K (3 decimals), K = 1024 tokens.
        let threeDecimalsOfK = Tolerance.absolute(5e-4 * 1024 + 1e-9)
        #expect(isClose(j["forget_length"].double, 19.936 * 1024, threeDecimalsOfK) && isClose(j["passkey_length"].double, 15.150 * 1024, threeDecimalsOfK))
        #expect(j.optional("copy_length") != nil && j["laws_extrapolated"].bool == false)
        let bare = try decodeJSON(runTool(["capacity", "--arch", "mamba2", "--d-model", "768", "--layers", "24", "--format", "json"]).out)
        #expect(bare["state_elements"].int == 4_718_592 && bare["state_elements_with_conv"].int == 4_847_616)
        let rwkv = try decodeJSON(runTool(["capacity", "--arch", "rwkv6", "--d-model", "2048", "--layers", "24", "--format", "json"]).out)
        #expect(rwkv["state_elements"].int == 3_244_032 && rwkv["bits_per_element"].double == 32)
        let linear = try decodeJSON(runTool(["capacity", "--arch", "linear-attention", "--heads", "8", "--key-dim", "64",
                                             "--value-dim", "64", "--layers", "2", "--format", "json"]).out)
        #expect(linear["state_elements"].int == 2 * 8 * 64 * 64 && linear["state_elements_with_conv"].int == 2 * 8 * 64 * 64)
    }

    /// The forget figure: the paper's own x-axis values for its two released models (state-capacity.md
    /// §1.6: SSM + conv(d_conv − 1) = 4,847,616 and 12,914,688, "4.8 M" and "12.9 M"), T_forget from the
    /// fit legend, and the paper's finding that the official Mamba-2 checkpoints, trained at 8K, are
    /// trained too short (COLM Fig. 10: T_forget ≈ 16K for 130M and ≈ 64K for 370M). Hybrids are not placed.
    @Test func forgetFigurePlacesTheRecurrentCheckpoints() throws {
        let r = runTool(["capacity", "--forget", "--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        let j = try decodeJSON(r.out)
        let rows = Dictionary(uniqueKeysWithValues: j["models"].array.map { ($0["model"].string, $0) })
        #expect(rows["mamba2-130m"]?["state_elements_with_conv"].int == 4_847_616 && rows["mamba2-370m"]?["state_elements_with_conv"].int == 12_914_688)
        let oneK = Tolerance.absolute(1e-6 * 1024)
        #expect(isClose(rows["mamba2-130m"]!["forget_length"].double, (5.172 * 4.847616 - 4.469) * 1024, oneK))
        for name in ["mamba2-130m", "mamba2-370m", "mamba2-780m", "mamba2-1.3b", "mamba2-2.7b"] {
            #expect(rows[name]?["training_length"].int == 8192 && rows[name]?["predicted_to_collapse"].bool == true, "\(name)")
        }
        #expect(rows["jamba-v0.1"] == nil && j["not_placed"].array.contains { $0["model"].string == "jamba-v0.1" })
    }

    @Test func statesForATargetLength() throws {
        let j = try decodeJSON(runTool(["capacity", "mamba2-370m", "--target", "65536", "--format", "json"]).out)
        // state-capacity.md T5: 64K → 13.238 M (forget) and 8.619 M (passkey), with K = 1024 tokens.
        let threeDecimalsOfM = Tolerance.absolute(5e-4 * 1e6 + 1e-6)
        #expect(isClose(j["state_for_forget_length"].double, 13.238e6, threeDecimalsOfM) && isClose(j["state_for_passkey_length"].double, 8.619e6, threeDecimalsOfM))
    }

    @Test func hybridsCompareStateAndCache() throws {
        let j = try decodeJSON(runTool(["capacity", "jamba-v0.1", "--context", "131072", "--format", "json"]).out)
        #expect(j["recurrent_layers"].int == 28 && j["attention_layers"].int == 4)
        #expect(j["kv_cache_elements"].int == 4 * 2 * 8 * 128 * 131_072)
        let check = try decodeJSON(runTool(["check", "falcon-h1-0.5b", "--format", "json"]).out)
        #expect(check["recurrent"]["state_elements"].int == 36 * 24 * 64 * 128)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = dir.appendingPathComponent("c.svg").path
        #expect(runTool(["capacity", "falcon-h1-0.5b", "--svg", svg]).code == 0)
        let figure = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(figure.hasPrefix("<svg") && figure.contains("KV cache of its attention layers") && figure.contains("recurrent state"))
    }

    @Test func badInput() throws {
        let attentionOnly = try decodeJSON(runTool(["capacity", "llama-3-8b", "--context", "8192", "--format", "json"]).out)
        #expect(attentionOnly["state_elements"].int == 0 && attentionOnly["kv_cache_elements"].int == 32 * 2 * 8 * 128 * 8192)
        #expect(runTool(["capacity", "--arch", "gru", "--d-model", "8", "--layers", "1"]).code == 1)
        #expect(runTool(["capacity", "--arch", "mamba2", "--layers", "1"]).code == 2)
        #expect(runTool(["capacity", "--arch", "mamba2", "--d-model", "100", "--layers", "1"]).code == 1)   // 64 ∤ 200
        #expect(runTool(["capacity", "--arch", "mamba2", "--d-model", "-768", "--layers", "24"]).code == 1)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("config.json").path
        try #"{"model_type": "mamba2", "num_hidden_layers": 24, "state_size": 128}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let missing = runTool(["capacity", path])
        #expect(missing.code == 1 && missing.err.contains("hidden_size"))
    }
}

@Suite("capacity --memory")
struct CapacityMemoryTests {
    @Test func budgetKeysAndUnits() throws {
        // 80 GiB / 131072 bytes per token = 655360 tokens, capped at the model's 131072 positions.
        let j = try decodeJSON(runTool(["capacity", "llama-3.1-8b", "--memory", "80GiB", "--format", "json"]).out)
        #expect(j["max_context_for_memory"].int == 131_072 && j["max_context_for_memory_full_pages"].int == 131_072)
        #expect(j["capped_by"].string == "max_position_embeddings" && j["max_context_for_memory_uncapped"].int == 655_360)
        let decimal = try decodeJSON(runTool(["capacity", "llama-3.1-8b", "--memory", "85.89934592GB", "--format", "json"]).out)
        #expect(decimal["max_context_for_memory_uncapped"].int == 655_360)
        // Below the limit nothing is capped: 8 GiB / 131072 = 65536.
        let small = try decodeJSON(runTool(["capacity", "llama-3.1-8b", "--memory", "8GiB", "--format", "json"]).out)
        #expect(small["max_context_for_memory"].int == 65536 && small["capped_by"] == .null)
        let weights = try decodeJSON(runTool(["capacity", "llama-3.1-8b", "--memory", "80GiB", "--weights-dtype", "int4", "--batch", "2", "--format", "json"]).out)
        #expect(weights["weights_parameters"].double == 8_029_995_008 && weights["batch"].int == 2)
    }

    /// tf32 is stored in 32-bit words (FloatFormat.storageBits): 80 GiB / (32 layers · 2 · 8 · 128 · 4 bytes).
    @Test func storageBitsOfEachFormat() throws {
        let tf32 = try decodeJSON(runTool(["capacity", "llama-3.1-8b", "--memory", "80GiB", "--kv-dtype", "tf32", "--format", "json"]).out)
        #expect(tf32["kv_bits"].double == 32 && tf32["max_context_for_memory_uncapped"].int == 80 * (1 << 30) / (32 * 2 * 8 * 128 * 4))
        let fp8 = try decodeJSON(runTool(["capacity", "llama-3.1-8b", "--memory", "80GiB", "--kv-dtype", "fp8-e4m3", "--format", "json"]).out)
        #expect(fp8["max_context_for_memory_uncapped"].int == 80 * (1 << 30) / (32 * 2 * 8 * 128))
    }

    /// --kv-dtype sets the "KV cache at L" figure and the per-context table, not only the budget.
    @Test func kvDtypeInEveryLine() throws {
        let j = try decodeJSON(runTool(["capacity", "llama-3.1-8b", "--context", "8192", "--kv-dtype", "fp8-e4m3", "--format", "json"]).out)
        #expect(j["kv_bits"].double == 8 && j["kv_cache_bytes"].double == Double(32 * 2 * 8 * 128 * 8192))
        let text = runTool(["capacity", "llama-3.1-8b", "--context", "8192", "--kv-dtype", "fp8-e4m3"])
        #expect(text.code == 0 && text.out.contains("KV cache at 8192: 512 MiB at 8 bits"))
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("t.csv").path
        #expect(runTool(["capacity", "llama-3.1-8b", "--kv-dtype", "fp8-e4m3", "--csv", csv]).code == 0)
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        // context 1024: 32 · 2 · 8 · 128 · 1024 one-byte elements.
        #expect(rows.contains { $0.hasPrefix("1024,") && $0.contains(",67108864") })
    }

    static let families = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../ModelsTests/Fixtures/families").standardized

    /// gpt-oss-120b stores its experts in MXFP4: as stored it fits one 80 GiB GPU with its full
    /// 131072 positions; read as bf16 not one token fits. Hybrids show state beside the cache.
    @Test func weightsAsStored() throws {
        let path = Self.families.appendingPathComponent("gpt-oss-120b-shaped.json").path
        let stored = try decodeJSON(runTool(["capacity", path, "--memory", "80GiB", "--weights-dtype", "stored", "--format", "json"]).out)
        #expect(stored["max_context_for_memory"].int == 131_072 && stored["weights_storage"].string.hasPrefix("mxfp4"))
        let bf16 = try decodeJSON(runTool(["capacity", path, "--memory", "80GiB", "--weights-dtype", "bf16", "--format", "json"]).out)
        #expect(bf16["max_context_for_memory"].int == 0)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("q.json").path
        try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: #""quant_method": "mxfp4""#, with: #""quant_method": "int3""#)
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = runTool(["capacity", bad, "--memory", "80GiB", "--weights-dtype", "stored"])
        #expect(refused.code == 1 && refused.err.contains("quantization_config.quant_method"))
        let qwen = try decodeJSON(runTool(["capacity", Self.families.appendingPathComponent("qwen3.5-moe-shaped.json").path, "--format", "json"]).out)
        #expect(qwen["recurrent_layers"].int == 30 && qwen["state_elements"].int == 30 * 32 * 128 * 128 && qwen["attention_layers"].int == 10)
    }

    @Test func badBudgets() {
        #expect(runTool(["capacity", "llama-3.1-8b", "--memory", "80 parsecs"]).code == 1)
        #expect(runTool(["capacity", "llama-3.1-8b", "--memory", "-1GiB"]).code == 1)
        #expect(runTool(["capacity", "llama-3.1-8b", "--batch", "2"]).code == 2)                    // needs --memory
        let noVocab = runTool(["capacity", "gemma-3-27b-it", "--memory", "24GiB", "--weights-dtype", "bf16"])
        #expect(noVocab.code == 1 && noVocab.err.contains("vocab_size"))
        #expect(runTool(["capacity", "llama-3.1-8b", "--memory", "1GiB", "--kv-dtype", "fp7"]).code == 1)
    }
}
