import Foundation

extension TimeSeries {
  /// The first `n` rows as pandas prints `df.head(n)`: the date index on the left under its name,
  /// the columns right-aligned.
  public func head(_ n: Int = 5) -> String {
    let rows = Array(0..<min(max(n, 0), count))
    let dateTexts = rows.map { DateParsing.format(dates[$0]) }
    let valueTexts = columns.map { column in Self.pandasFormat(rows.map { column[$0] }) }
    let indexWidth = max(dateName.count, dateTexts.map(\.count).max() ?? 0)
    let widths = zip(columnNames, valueTexts).map { name, texts in max(name.count, texts.map(\.count).max() ?? 0) }
    func pad(_ text: String, _ width: Int, right: Bool) -> String {
      let padding = String(repeating: " ", count: max(width - text.count, 0))
      return right ? padding + text : text + padding
    }
    var lines = [pad("", indexWidth, right: false) + zip(columnNames, widths).map { "  " + pad($0, $1, right: true) }.joined()]
    lines.append(pad(dateName, indexWidth, right: false) + widths.map { "  " + String(repeating: " ", count: $0) }.joined())
    for (k, date) in dateTexts.enumerated() {
      lines.append(pad(date, indexWidth, right: false) + zip(valueTexts, widths).map { "  " + pad($0[k], $1, right: true) }.joined())
    }
    return lines.joined(separator: "\n")
  }

  /// Summary statistics per column as pandas' `df.describe()`: count, mean, std (n − 1),
  /// min, 25%, 50%, 75% (linear interpolation) and max.
  public func describe() -> String {
    let labels = ["count", "mean", "std", "min", "25%", "50%", "75%", "max"]
    let stats = columns.map { Statistics.describe($0) }
    let texts = stats.map { values in values.map { String(format: "%.6f", $0) } }
    let widths = zip(columnNames, texts).map { name, t in max(name.count, t.map(\.count).max() ?? 0) }
    let labelWidth = 5
    var lines = [String(repeating: " ", count: labelWidth) + zip(columnNames, widths).map { "  " + String(repeating: " ", count: $1 - $0.count) + $0 }.joined()]
    for (row, label) in labels.enumerated() {
      lines.append(label.padding(toLength: labelWidth, withPad: " ", startingAt: 0)
        + zip(texts, widths).map { "  " + String(repeating: " ", count: $1 - $0[row].count) + $0[row] }.joined())
    }
    return lines.joined(separator: "\n")
  }

  /// Numbers as pandas shows a column: integers without decimals when every value is whole,
  /// otherwise the same number of decimals (up to 6) for all.
  static func pandasFormat(_ values: [Double]) -> [String] {
    if values.allSatisfy({ $0 == $0.rounded() && abs($0) < 1e15 }) {
      return values.map { String(Int($0)) }
    }
    let decimals = values.map { value -> Int in
      var text = String(format: "%.6f", value)
      while text.hasSuffix("0") { text.removeLast() }
      return text.split(separator: ".").count > 1 ? text.split(separator: ".")[1].count : 0
    }.max() ?? 0
    return values.map { String(format: "%.\(max(decimals, 1))f", $0) }
  }
}

/// Plain descriptive statistics on `Double` arrays.
public enum Statistics {
  /// count, mean, sample standard deviation, min, quartiles and max, as pandas' `describe`.
  public static func describe(_ values: [Double]) -> [Double] {
    let n = Double(values.count)
    let mean = values.reduce(0, +) / n
    let variance = values.count > 1 ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : .nan
    let sorted = values.sorted()
    return [n, mean, variance.squareRoot(), sorted.first ?? .nan,
            quantile(sorted, 0.25), quantile(sorted, 0.5), quantile(sorted, 0.75), sorted.last ?? .nan]
  }

  /// The q-quantile of sorted values with linear interpolation (numpy's default).
  public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let position = q * Double(sorted.count - 1)
    let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
    return sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
  }

  /// The arithmetic mean.
  public static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

  /// The population variance (n in the denominator).
  public static func variance(_ values: [Double]) -> Double {
    let m = mean(values)
    return values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count)
  }
}
