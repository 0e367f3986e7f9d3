/// pandas' offset aliases read back (`MS`, `2MS`, `W-SUN`, `QS-OCT`, `YE-DEC`, `h`, `D`), so a
/// frequency stored as its alias in a model file is the same frequency when read.
extension Frequency: Codable {
  /// The frequency `alias` names (`Frequency.alias` in reverse), or nil for an alias it does not know.
  public init?(alias: String) {
    let digits = alias.prefix { $0.isASCII && $0.isNumber }
    let multiple = digits.isEmpty ? 1 : Int(digits) ?? 0
    guard multiple >= 1 else { return nil }
    let parts = alias.dropFirst(digits.count).split(separator: "-", maxSplits: 1).map(String.init)
    let anchor = parts.count == 2 ? parts[1] : nil
    func month(_ fallback: Int) -> Int? {
      guard let anchor else { return fallback }
      return Self.monthAliases.firstIndex(of: anchor).map { $0 + 1 }
    }
    let unit: Unit?
    switch parts.first ?? "" {
    case "h": unit = anchor == nil ? .hour : nil
    case "D": unit = anchor == nil ? .day : nil
    case "W": unit = Self.weekdayAliases.firstIndex(of: anchor ?? "SUN").map { .week(weekday: $0 + 1) }
    case "MS": unit = anchor == nil ? .monthStart : nil
    case "ME": unit = anchor == nil ? .monthEnd : nil
    case "QS": unit = month(1).map { .quarterStart(anchorMonth: $0) }
    case "QE": unit = month(12).map { .quarterEnd(anchorMonth: $0) }
    case "YS": unit = month(1).map { .yearStart(month: $0) }
    case "YE": unit = month(12).map { .yearEnd(month: $0) }
    default: unit = nil
    }
    guard let unit else { return nil }
    self.init(unit, multiple: multiple)
  }

  /// Decodes the alias string.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let alias = try container.decode(String.self)
    guard let frequency = Frequency(alias: alias) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "'\(alias)' is not a frequency alias such as MS, D, W-SUN, QS-JAN or h")
    }
    self = frequency
  }

  /// Encodes the alias string.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(alias)
  }
}
