import Foundation

extension Sequential {
  /// Keras' default layer names: the class name in snake case, numbered from the second one
  /// of a kind (`lstm`, `lstm_1`, `dense`).
  public var layerNames: [String] {
    var seen: [String: Int] = [:]
    return layers.map { layer in
      let base = Self.snakeCase(layer.configuration.type)
      let n = seen[base, default: 0]
      seen[base] = n + 1
      return n == 0 ? base : "\(base)_\(n)"
    }
  }

  /// The model as Keras 3's `model.summary()` prints it: a table of layers with output shapes
  /// and parameter counts, then the totals with their float32 size.
  public func summary(name: String = "sequential") -> String {
    let headers = ["Layer (type)", "Output Shape", "Param #"]
    let rows = zip(layerNames, layers.indices).map { layerName, index in
      [
        "\(layerName) (\(layers[index].configuration.type))",
        NNError.shape([nil] + outputShapes[index].map { $0 }),
        Self.grouped(parameterSpecs[index].reduce(0) { $0 + $1.count }),
      ]
    }
    let widths = [33, 24, 15]
    func cells(_ values: [String], alignRight: Bool) -> String {
      zip(values, widths).enumerated().map { column, pair in
        let (text, width) = pair
        let pad = String(repeating: " ", count: max(width - 2 - text.count, 0))
        return column == 2 && alignRight ? " \(pad)\(text) " : " \(text)\(pad) "
      }.joined(separator: "│")
    }
    func rule(_ left: String, _ middle: String, _ right: String, _ fill: String) -> String {
      left + widths.map { String(repeating: fill, count: $0) }.joined(separator: middle) + right
    }
    var lines = ["Model: \"\(name)\""]
    lines.append(rule("┏", "┳", "┓", "━"))
    lines.append("┃" + cells(headers, alignRight: true).replacingOccurrences(of: "│", with: "┃") + "┃")
    lines.append(rule("┡", "╇", "┩", "━"))
    for (index, row) in rows.enumerated() {
      lines.append("│" + cells(row, alignRight: true) + "│")
      if index < rows.count - 1 { lines.append(rule("├", "┼", "┤", "─")) }
    }
    lines.append(rule("└", "┴", "┘", "─"))
    let total = parameterCount
    lines.append(" Total params: \(Self.grouped(total)) (\(Self.byteSize(total * 4)))")
    lines.append(" Trainable params: \(Self.grouped(total)) (\(Self.byteSize(total * 4)))")
    lines.append(" Non-trainable params: 0 (0.00 B)")
    return lines.joined(separator: "\n")
  }

  static func snakeCase(_ name: String) -> String {
    name == "SimpleRNN" ? "simple_rnn" : name.lowercased()
  }

  /// `40901` → `40,901`.
  static func grouped(_ n: Int) -> String {
    let digits = Array(String(n))
    var out = ""
    for (i, d) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(d)
    }
    return out
  }

  /// Keras' readable size: `159.77 KB` (powers of 1024).
  static func byteSize(_ bytes: Int) -> String {
    let units = ["B", "KB", "MB", "GB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
    return String(format: "%.2f %@", value, units[unit])
  }
}
