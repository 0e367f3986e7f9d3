import Foundation

/// A plain-text table with aligned columns: text left, numbers right.
struct TextTable {
  var header: [String]
  var rows: [[String]]
  /// Columns aligned right.
  var numericColumns: Set<Int>

  var description: String {
    let widths = header.indices.map { column in
      ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { column, text in
        let padding = String(repeating: " ", count: widths[column] - text.count)
        return numericColumns.contains(column) ? padding + text : text + padding
      }.joined(separator: "  ")
    }
    let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
    return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
  }
}

/// `value` with `decimals` decimals.
func fixed(_ value: Double, _ decimals: Int = 2) -> String {
  value.isFinite ? String(format: "%.\(decimals)f", value) : (value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf"))
}
