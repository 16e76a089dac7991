import Testing
@testable import StateCapacity

/// state-capacity.md §5, T1–T4 (formulas of the official implementations; RWKV Table 11 verbatim).
@Suite("Recurrent state sizes")
struct StateSizeTests {
    func mamba2(layers: Int, dModel: Int) -> (Int, Int, Int) {
        let s = RecurrentState.mamba2(heads: 2 * dModel / 64, headDim: 64, stateDim: 128, groups: 1, convWidth: 4)
        return (layers * s.elements, layers * s.elementsWithInformativeConvolution, layers * s.elementsWithAllocatedConvolution)
    }

    @Test(arguments: [(6, 512, 786_432, 30_720, 809_472), (12, 512, 1_572_864, 61_440, 1_618_944), (12, 768, 2_359_296, 86_016, 2_423_808),
                      (24, 768, 4_718_592, 172_032, 4_847_616), (48, 1024, 12_582_912, 442_368, 12_914_688),
                      (48, 1536, 18_874_368, 638_976, 19_353_600), (48, 2048, 25_165_824, 835_584, 25_792_512),
                      (64, 2560, 41_943_040, 1_376_256, 42_975_232)])
    func mamba2Sizes(layers: Int, dModel: Int, ssm: Int, conv: Int, withConv: Int) {
        let (s, c, all) = mamba2(layers: layers, dModel: dModel)
        #expect(s == ssm && c == withConv && all - s == conv)
    }

    /// Stuffed Mamba reports 0.8, 1.6, 2.4, 4.8, 12.9, 19.3 M: the SSM state plus the d_conv − 1
    /// informative conv columns, truncated to one decimal, reproduces every one; the SSM state alone
    /// does not (4.7 and 12.6 for the 130m and 370m).
    @Test func paperReportedSizesMatchTheConvConvention() {
        let models = [(6, 512), (12, 512), (12, 768), (24, 768), (48, 1024), (48, 1536)]
        let reported = [0.8, 1.6, 2.4, 4.8, 12.9, 19.3]
        for ((l, d), r) in zip(models, reported) {
            let (ssm, withConv, _) = mamba2(layers: l, dModel: d)
            #expect((Double(withConv) / 1e5).rounded(.down) / 10 == r)
            if d == 768 && l == 24 || d == 1024 { #expect((Double(ssm) / 1e5).rounded(.down) / 10 != r) }
        }
    }

    @Test func mamba1AndHybrids() {
        for (l, d, e) in [(24, 768, 589_824), (48, 1024, 1_572_864), (48, 1536, 2_359_296), (48, 2048, 3_145_728), (64, 2560, 5_242_880)] {
            #expect(l * RecurrentState.mamba1(innerDim: 2 * d, stateDim: 16, convWidth: 4).elements == e)
        }
        let jamba = RecurrentState.mamba1(innerDim: 8192, stateDim: 16, convWidth: 4)
        #expect(28 * jamba.elements == 3_670_016 && 28 * (jamba.elementsWithAllocatedConvolution - jamba.elements) == 917_504)
        #expect(28 * (jamba.elementsWithInformativeConvolution - jamba.elements) == 688_128)
        #expect(44 * RecurrentState.mamba2(heads: 24, headDim: 128, stateDim: 256, groups: 1, convWidth: 4).elements == 34_603_008)
        #expect(72 * RecurrentState.mamba2(heads: 32, headDim: 128, stateDim: 256, groups: 2, convWidth: 4).elements == 75_497_472)
        #expect(24 * RecurrentState.mamba2(heads: 128, headDim: 64, stateDim: 128, groups: 8, convWidth: 4).elements == 25_165_824)
        #expect(RecurrentState.mamba2(heads: 128, headDim: 64, stateDim: 128, groups: 8, convWidth: 4).elements == 1_048_576)
        #expect(AttentionCache.groupedQuery(kvHeads: 8, headDim: 128).elementsPerToken * 4 == 8192)
    }

    /// Eagle & Finch Table 11 [V-transcribed] and the 66·D·L reading of RWKV-7 [R].
    @Test(arguments: [(24, 1024, 1_622_016), (24, 2048, 3_244_032), (32, 2560, 5_406_720), (32, 4096, 8_650_752), (12, 768, 608_256)])
    func rwkvTable11(layers: Int, d: Int, expected: Int) {
        #expect(layers * RecurrentState.rwkv(version: 6, hiddenSize: d, attentionHiddenSize: d, headSize: 64).elements == expected)
        #expect(RecurrentState.rwkv(version: 4, hiddenSize: d, attentionHiddenSize: d, headSize: nil).elements == 5 * d)
    }

    @Test func kvCacheWindows() {
        let sliding = AttentionCache.groupedQuery(kvHeads: 8, headDim: 128, window: 4096)
        #expect(sliding.elements(atContext: 1000) == 2048 * 1000 && sliding.elements(atContext: 100_000) == 2048 * 4096)
        #expect(AttentionCache(elementsPerToken: 576, window: nil).elements(atContext: 10) == 5760)   // MLA latent
    }
}
