/// The orders in which statsforecast's compiled code and NumPy add up and sort numbers, so that
/// our ETS and Theta estimation follow statsforecast's optimiser point for point: a sum taken in another
/// order differs in its last bits, and a thousand Nelder–Mead steps later that can be a different
/// point.
///
/// - Eigen (SSE2, two doubles per packet) reduces a vector in two packet accumulators, then adds
///   the leftovers one by one (`redux_impl`, linear vectorised traversal); it sums the columns
///   of a row-major matrix two at a time, row 0 first and then four rows at a go
///   (`packetwise_redux_impl`).
/// - NumPy's `sum` and `mean` add in eight accumulators up to 128 values and halve larger
///   arrays (`pairwise_sum`).
/// - libstdc++'s `std::sort` (introsort, median of three, insertion sort below 17 elements)
///   decides which of equal values comes first.
enum ReferenceOrder {
  // MARK: - Eigen

  /// `term(0) + … + term(count − 1)` in the order of Eigen 3.4's vectorised sum of a 16-byte
  /// aligned vector segment (`v.segment(start, count).sum()`): two packet accumulators over blocks
  /// of four terms, a last whole packet, the two lanes, then the leftovers. `unalignedStart` says
  /// that the segment starts at an odd index, so its first term comes before the first packet and
  /// is added after the lanes.
  @inline(__always)
  static func eigenSum(_ count: Int, unalignedStart: Bool = false, _ term: (Int) -> Double) -> Double {
    guard count > 0 else { return 0 }
    let first = unalignedStart ? 1 : 0
    let pairs = (count - first) / 2 * 2, quads = (count - first) / 4 * 4
    guard pairs > 0 else {
      var sum = term(0)
      for i in 1..<count { sum += term(i) }
      return sum
    }
    var a0 = term(first), a1 = term(first + 1)
    if pairs > 2 {
      var b0 = term(first + 2), b1 = term(first + 3)
      var i = 4
      while i < quads {
        a0 += term(first + i); a1 += term(first + i + 1)
        b0 += term(first + i + 2); b1 += term(first + i + 3)
        i += 4
      }
      a0 += b0; a1 += b1
      if pairs > quads { a0 += term(first + quads); a1 += term(first + quads + 1) }
    }
    var sum = a0 + a1
    if first == 1 { sum += term(0) }
    for i in (first + pairs)..<count { sum += term(i) }
    return sum
  }

  /// The population standard deviation `sqrt(((x − mean)²).mean())` of an aligned Eigen vector,
  /// as `nelder_mead.h` computes it.
  static func standardDeviation(_ x: UnsafeBufferPointer<Double>) -> Double {
    let n = x.count
    let mean = eigenSum(n) { x[$0] } / Double(n)
    return (eigenSum(n) { (x[$0] - mean) * (x[$0] - mean) } / Double(n)).squareRoot()
  }

  /// `m.colwise().sum()` of a row-major `rows`×`columns` Eigen matrix, into `sums`: columns in
  /// pairs by the packetwise reduction, a last odd column one row after another.
  static func columnSums(_ m: UnsafeBufferPointer<Double>, rows: Int, into sums: UnsafeMutableBufferPointer<Double>) {
    let columns = sums.count
    precondition(m.count == rows * columns && rows > 0, "columnSums needs a rows×columns matrix")
    let paired = (columns / 2) * 2
    let quads = (rows - 1) & ~3
    var j = 0
    while j < paired {
      var p0 = m[j], p1 = m[j + 1]
      var i = 1
      while i < quads {
        let r = i * columns + j
        let s0 = (m[r] + m[r + columns]) + (m[r + 2 * columns] + m[r + 3 * columns])
        let s1 = (m[r + 1] + m[r + columns + 1]) + (m[r + 2 * columns + 1] + m[r + 3 * columns + 1])
        p0 += s0; p1 += s1
        i += 4
      }
      while i < rows {
        p0 += m[i * columns + j]; p1 += m[i * columns + j + 1]
        i += 1
      }
      sums[j] = p0; sums[j + 1] = p1
      j += 2
    }
    if paired < columns {
      var s = m[paired]
      for i in 1..<rows { s += m[i * columns + paired] }
      sums[paired] = s
    }
  }

  // MARK: - NumPy

  /// `np.sum(v[range])` for a contiguous float64 array: NumPy's pairwise summation.
  static func numpySum(_ v: UnsafeBufferPointer<Double>, _ range: Range<Int>) -> Double {
    let n = range.count
    let a = range.lowerBound
    if n < 8 {
      var sum = 0.0
      for i in range { sum += v[i] }
      return sum
    }
    if n <= 128 {
      var r = (0..<8).map { v[a + $0] }
      var i = 8
      while i < n - n % 8 {
        for k in 0..<8 { r[k] += v[a + i + k] }
        i += 8
      }
      var sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
      while i < n { sum += v[a + i]; i += 1 }
      return sum
    }
    var half = n / 2
    half -= half % 8
    return numpySum(v, a..<(a + half)) + numpySum(v, (a + half)..<range.upperBound)
  }

  /// `np.mean(values)`.
  static func numpyMean(_ values: [Double]) -> Double {
    values.withUnsafeBufferPointer { numpySum($0, 0..<$0.count) } / Double(values.count)
  }

  // MARK: - libstdc++

  /// The indices `0..<values.count` ordered by value as libstdc++'s `std::sort` orders them
  /// with the comparison `values[a] < values[b]` (NaN-free values).
  static func argsort(_ values: UnsafeBufferPointer<Double>, into order: UnsafeMutableBufferPointer<Int>) {
    let n = values.count
    precondition(order.count == n, "argsort needs one slot per value")
    for i in 0..<n { order[i] = i }
    guard n > 1 else { return }
    func less(_ a: Int, _ b: Int) -> Bool { values[order[a]] < values[order[b]] }
    func lessValue(_ index: Int, _ b: Int) -> Bool { values[index] < values[order[b]] }
    func swapAt(_ a: Int, _ b: Int) { let t = order[a]; order[a] = order[b]; order[b] = t }
    let threshold = 16

    func unguardedLinearInsert(_ position: Int) {
      let value = order[position]
      var last = position, next = position - 1
      while lessValue(value, next) {
        order[last] = order[next]
        last = next
        next -= 1
      }
      order[last] = value
    }
    func insertionSort(_ first: Int, _ last: Int) {
      guard first != last else { return }
      var i = first + 1
      while i < last {
        if less(i, first) {
          let value = order[i]
          var k = i
          while k > first { order[k] = order[k - 1]; k -= 1 }
          order[first] = value
        } else {
          unguardedLinearInsert(i)
        }
        i += 1
      }
    }
    func moveMedianToFirst(_ result: Int, _ a: Int, _ b: Int, _ c: Int) {
      if less(a, b) {
        if less(b, c) { swapAt(result, b) } else if less(a, c) { swapAt(result, c) } else { swapAt(result, a) }
      } else if less(a, c) {
        swapAt(result, a)
      } else if less(b, c) {
        swapAt(result, c)
      } else {
        swapAt(result, b)
      }
    }
    func unguardedPartition(_ first: Int, _ last: Int, pivot: Int) -> Int {
      var first = first, last = last
      while true {
        while less(first, pivot) { first += 1 }
        last -= 1
        while less(pivot, last) { last -= 1 }
        if !(first < last) { return first }
        swapAt(first, last)
        first += 1
      }
    }
    func introsortLoop(_ first: Int, _ last: Int, depth: Int) {
      var last = last, depth = depth
      while last - first > threshold {
        // libstdc++ turns to heapsort here; any correct sort stands in for it (only the order of
        // equal values could differ, after ~2·log2(n) bad pivots on a few dozen values).
        if depth == 0 { insertionSort(first, last); return }
        depth -= 1
        moveMedianToFirst(first, first + 1, first + (last - first) / 2, last - 1)
        let cut = unguardedPartition(first + 1, last, pivot: first)
        introsortLoop(cut, last, depth: depth)
        last = cut
      }
    }

    introsortLoop(0, n, depth: 2 * (Int.bitWidth - 1 - n.leadingZeroBitCount))
    if n > threshold {
      insertionSort(0, threshold)
      for i in threshold..<n { unguardedLinearInsert(i) }
    } else {
      insertionSort(0, n)
    }
  }
}
