import Foundation
import ForecastSeries

/// Axis tick positions and labels.
enum Ticks {
  static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

  /// About `target` round values (1, 2 or 5 × 10ⁿ apart) covering `lower…upper`.
  static func values(_ lower: Double, _ upper: Double, target: Int = 6) -> [Double] {
    guard lower.isFinite, upper.isFinite else { return [] }
    guard upper > lower else { return [lower] }
    let raw = (upper - lower) / Double(max(target - 1, 1))
    let magnitude = pow(10, (log10(raw)).rounded(.down))
    let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
    var ticks: [Double] = []
    var value = (lower / step).rounded(.up) * step
    while value <= upper + step * 1e-9 {
      ticks.append(abs(value) < step * 1e-9 ? 0 : value)
      value += step
    }
    return ticks
  }

  /// A label for a value tick, with as many decimals as the spacing needs.
  static func label(_ value: Double, step: Double) -> String {
    let decimals = step >= 1 ? 0 : min(Int((-log10(step)).rounded(.up)), 6)
    return String(format: "%.\(decimals)f", value)
  }

  /// Date ticks on whole years (every 1, 2, 5, 10… years), months or days, about `target` of them.
  static func dates(_ lower: Date, _ upper: Date, target: Int = 8) -> [(Date, String)] {
    let calendar = DateParsing.calendar
    let span = upper.timeIntervalSince(lower)
    let year = 365.25 * 86_400
    if span >= 2 * year {
      let firstYear = calendar.component(.year, from: lower), lastYear = calendar.component(.year, from: upper)
      let step = [1, 2, 5, 10, 20, 50, 100].first { (lastYear - firstYear) / $0 <= target } ?? 100
      return Swift.stride(from: (firstYear + step - 1) / step * step, through: lastYear, by: step).compactMap { y in
        guard let date = calendar.date(from: DateComponents(year: y, month: 1, day: 1)), date >= lower else { return nil }
        return (date, String(y))
      }
    }
    if span >= 40 * 86_400 {
      let months = Int(span / (30.4 * 86_400))
      let step = [1, 2, 3, 6].first { months / $0 <= target } ?? 12
      var components = calendar.dateComponents([.year, .month], from: lower)
      components.day = 1
      var date = calendar.date(from: components)!
      var ticks: [(Date, String)] = []
      while date <= upper {
        let month = calendar.component(.month, from: date)
        if date >= lower && (month - 1) % step == 0 {
          ticks.append((date, "\(monthNames[month - 1]) \(calendar.component(.year, from: date))"))
        }
        date = calendar.date(byAdding: .month, value: 1, to: date)!
      }
      return ticks
    }
    let days = max(Int(span / 86_400), 1)
    let step = [1, 2, 7, 14].first { days / $0 <= target } ?? 28
    var ticks: [(Date, String)] = []
    var date = calendar.startOfDay(for: lower)
    if date < lower { date = calendar.date(byAdding: .day, value: 1, to: date)! }
    while date <= upper {
      ticks.append((date, DateParsing.format(date)))
      date = calendar.date(byAdding: .day, value: step, to: date)!
    }
    if ticks.isEmpty { ticks = [(lower, DateParsing.format(lower))] }
    return ticks
  }
}
