/// Writes the transpose of the row-major `[rows, columns]` matrix at `source` to `destination`
/// (`[columns, rows]`). The buffers must not overlap.
@inlinable
public func transpose(
  _ source: UnsafePointer<Float>, rows: Int, columns: Int,
  into destination: UnsafeMutablePointer<Float>
) {
  // 8×8 tiles keep both sides in cache for large matrices.
  let tile = 8
  var r0 = 0
  while r0 < rows {
    let r1 = min(r0 + tile, rows)
    var c0 = 0
    while c0 < columns {
      let c1 = min(c0 + tile, columns)
      for r in r0..<r1 {
        for c in c0..<c1 { destination[c * rows + r] = source[r * columns + c] }
      }
      c0 = c1
    }
    r0 = r1
  }
}
