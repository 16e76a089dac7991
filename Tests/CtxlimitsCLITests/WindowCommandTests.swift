import Foundation
import Testing
import TestSupport
@testable import CtxlimitsCLI

@Suite("ctxlimits window, locality --protocol, the token-aliasing fit")
struct WindowCommandTests {
    /// The keys of DESIGN.md, and the paper's Qwen3-8B numbers through a CONFIG.
    @Test func windowKeysAndQwen3() throws {
        let j = try decodeJSON(runTool(["window", "qwen3-8b", "--context", "32768", "--constants", "operational", "--format", "json"]).out)
        for key in ["gamma", "high_band_size", "high_band", "m_suff", "delta_star", "c_g", "r_f", "constants"] { #expect(j.optional(key) != nil, "\(key)") }
        #expect(j["high_band_size"].int == 40 && j["high_band"].array.count == 40 && j["constants"]["name"].string == "operational")
        let certified = try decodeJSON(runTool(["window", "--base", "1e4", "--head-dim", "128", "--context", "4096", "--format", "json"]).out)
        #expect(certified["m_suff"].double == 3_247_503 && certified["constants"]["epsilon"].double == 0.25)
    }

    @Test func windowBadInput() {
        #expect(runTool(["window", "--base", "1e4", "--head-dim", "128", "--context", "4096", "--constants", "operational", "--epsilon", "0.2"]).code == 2)
        #expect(runTool(["window", "--base", "1e4", "--head-dim", "128", "--context", "4096", "--epsilon", "0.5"]).code == 1)
        #expect(runTool(["window", "--base", "1e4", "--head-dim", "128"]).code == 2)
        #expect(runTool(["window", "mamba2-130m", "--context", "4096"]).code == 1)
    }

    @Test func protocolsInTheLocalitySweep() throws {
        for p in ["all-pairs", "halves", "intervals"] {
            let j = try decodeJSON(runTool(["locality", "--context", "4096", "--bases", "1e4", "--protocol", p, "--format", "json"]).out)
            #expect(j["protocol"].string == p && !j["rows"].array.isEmpty)
        }
        let halves = try decodeJSON(runTool(["locality", "--context", "4096", "--bases", "1e4", "--protocol", "halves", "--format", "json"]).out)
        let last = try #require(halves["rows"].array.last)
        // finite-window.md (D): near half against far half, b = 1e4, L = 4096, all-ones content.
        #expect(isClose(last["position_inversion"].double, 0.125515, .printed(digits: 6)))
        #expect(runTool(["locality", "--context", "4096", "--protocol", "quarters"]).code == 1)
    }

    @Test func tokenAliasingFit() throws {
        let j = try decodeJSON(runTool(["locality", "--sweep", "token-aliasing", "--format", "json"]).out)
        #expect(j["fitted_constant"].double > 0 && j["law"].string.contains("secondary"))
        #expect(j["points"].array.count == 24)
    }
}
