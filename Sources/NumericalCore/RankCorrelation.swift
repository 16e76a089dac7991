/// Spearman's rank correlation ρ of paired samples: the Pearson correlation of their ranks, tied
/// values given the mean of the ranks they span (the "average" method, as scipy.stats.spearmanr).
///
/// ρ = Σ(rₓ − r̄)(r_y − r̄) / √(Σ(rₓ − r̄)² Σ(r_y − r̄)²), r̄ = (n + 1)/2 (Spearman 1904).
///
/// - Returns: ρ in [−1, 1], or nil when there are fewer than two pairs or either sample is
///   constant (ρ undefined).
/// - Accuracy: a few ulps of the sums of ranks (exact integers and half-integers below 2⁵²).
/// - Complexity: O(n log n).
///
/// Example: `spearman([1, 2, 3], [10, 30, 20]) == 0.5`.
public func spearman(_ x: [Double], _ y: [Double]) -> Double? {
    precondition(x.count == y.count, "Spearman's ρ needs paired samples")
    guard x.count >= 2 else { return nil }
    let rx = averageRanks(x), ry = averageRanks(y)
    let mean = Double(x.count + 1) / 2
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for (a, b) in zip(rx, ry) {
        sxy += (a - mean) * (b - mean)
        sxx += (a - mean) * (a - mean)
        syy += (b - mean) * (b - mean)
    }
    guard sxx > 0, syy > 0 else { return nil }
    return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
}

/// Ranks 1 … n of `values`, ties sharing the mean of their ranks.
///
/// - Complexity: O(n log n).
public func averageRanks(_ values: [Double]) -> [Double] {
    precondition(!values.contains { $0.isNaN }, "ranks of NaN are undefined")
    let order = values.indices.sorted { values[$0] < values[$1] }
    var ranks = [Double](repeating: 0, count: values.count)
    var i = 0
    while i < order.count {
        var j = i
        while j + 1 < order.count, values[order[j + 1]] == values[order[i]] { j += 1 }
        let rank = Double(i + j) / 2 + 1
        for k in i...j { ranks[order[k]] = rank }
        i = j + 1
    }
    return ranks
}
