import Testing
@testable import Models

/// The context each stack derives, against the worked examples of each rule (read from vLLM 0.33.0
/// `_get_and_verify_max_len`, vLLM 0.11.0, llama.cpp's converter and transformers 5.24; the
/// derivations are in ServingStacks' doc comment).
@Suite("Serving stacks: the context each derives")
struct ServingStacksTests {
    func stacks(_ name: String) throws -> ServingStacks { try ServingStacks.derive(try JSONParser.parse(BundledExamples.configs[name]!)) }
    func stacks(json: String) throws -> ServingStacks { try ServingStacks.derive(try JSONParser.parse(json)) }

    @Test func bundledExamples() throws {
        // (config, transformers, vLLM default, vLLM ceiling, vLLM 0.11, llama.cpp)
        let expected: [(String, Int, Int, Int, Int, Int)] = [
            ("llama-3.1-8b", 131072, 131072, 131072, 131072, 131072),         // llama3: never multiplied
            ("qwen2.5-7b-instruct-yarn", 32768, 32768, 32768, 131072, 32768), // YaRN recipe: 0.11 reset to 32768 and ×4
            ("deepseek-v3", 163840, 163840, 163840, 163840, 163840),          // YaRN with max_pos already scaled
            ("phi-3.5-mini-instruct", 131072, 4096, 131072, 131072, 131072),  // longrope: vLLM defaults to the original 4096
            ("gemma-3-27b-it", 131072, 131072, 131072, 131072, 131072),       // gemma3: vLLM skips the factor
            ("internlm2.5-7b", 32768, 65536, 65536, 65536, 32768),            // dynamic ×2: vLLM multiplies, llama.cpp ignores
            ("c4ai-command-r-plus", 8192, 131072, 131072, 131072, 131072),    // model_max_length replaces the minimum
            ("chatglm3-6b-128k", 131072, 131072, 131072, 131072, 131072),     // seq_length
            ("dbrx-instruct", 32768, 32768, 32768, 32768, 32768),             // max_seq_len
        ]
        for (name, hf, vllm, ceiling, before, cpp) in expected {
            let s = try stacks(name)
            #expect(s.transformers == hf && s.vllm == vllm && s.vllmCeiling == ceiling && s.vllmBefore56446 == before && s.llamaCpp == cpp,
                    "\(name): \(s)")
        }
        #expect(try stacks("phi-3.5-mini-instruct").disagreement && !(try stacks("llama-3.1-8b").disagreement))
    }

    @Test func classDefaultsAndTheSmallestKey() throws {
        // No max_position_embeddings: transformers and vLLM take LlamaConfig's 2048; llama.cpp's converter finds no key.
        let silent = try stacks(json: #"{"model_type": "llama", "hidden_size": 4096, "num_attention_heads": 32, "num_hidden_layers": 2}"#)
        #expect(silent.transformers == 2048 && silent.vllm == 2048 && silent.llamaCpp == nil)
        // vLLM takes the smallest of its keys; llama.cpp the first present of its own list.
        let two = try stacks(json: #"{"model_type": "llama", "hidden_size": 4096, "num_attention_heads": 32, "num_hidden_layers": 2, "max_position_embeddings": 8192, "max_sequence_length": 4096}"#)
        #expect(two.vllm == 4096 && two.llamaCpp == 8192 && two.transformers == 8192)
        // A linear factor is applied by vLLM only; text_config is read, gemma3 skipped.
        let linear = try stacks(json: #"{"model_type": "llama", "hidden_size": 4096, "num_attention_heads": 32, "num_hidden_layers": 2, "max_position_embeddings": 4096, "rope_scaling": {"rope_type": "linear", "factor": 4}}"#)
        #expect(linear.vllm == 16384 && linear.transformers == 4096 && linear.llamaCpp == 4096)
        let gemma = try stacks(json: #"{"model_type": "gemma3", "text_config": {"model_type": "gemma3_text", "hidden_size": 1152, "num_attention_heads": 4, "num_hidden_layers": 2, "rope_scaling": {"rope_type": "linear", "factor": 8}}}"#)
        #expect(gemma.vllm == 131072 && gemma.llamaCpp == 131072 && gemma.transformers == 131072)
    }
}
