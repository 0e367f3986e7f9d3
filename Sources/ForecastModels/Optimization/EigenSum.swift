/// `term(0) + term(1) + … + term(count − 1)` added in the order of Eigen 3.4's vectorised sum
/// (`redux_impl`, linear vectorised traversal, SSE2 packets of two doubles, from an aligned start):
/// two packet accumulators over blocks of four terms, a last whole packet, the two lanes, then the
/// odd term. statsforecast's C++ sums with Eigen, so summing the same way gives its values to the
/// last bit, and its optimiser takes the same path.
@inline(__always)
func eigenSum(_ count: Int, _ term: (Int) -> Double) -> Double {
  let pairsEnd = count / 2 * 2
  guard pairsEnd > 0 else { return count == 1 ? term(0) : 0 }
  let quadsEnd = count / 4 * 4
  var lane0 = term(0), lane1 = term(1)
  if pairsEnd > 2 {
    var lane2 = term(2), lane3 = term(3)
    var index = 4
    while index < quadsEnd {
      lane0 += term(index)
      lane1 += term(index + 1)
      lane2 += term(index + 2)
      lane3 += term(index + 3)
      index += 4
    }
    lane0 += lane2
    lane1 += lane3
    if pairsEnd > quadsEnd {
      lane0 += term(quadsEnd)
      lane1 += term(quadsEnd + 1)
    }
  }
  var sum = lane0 + lane1
  if pairsEnd < count { sum += term(pairsEnd) }
  return sum
}
