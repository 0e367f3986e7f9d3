import Foundation
import ForecastSeries

/// Axis tick positions and labels: 3 to 7 "nice" ticks per axis — steps of 1, 2 or 5 × 10ⁿ for
/// values; whole years, months, days or hours for dates — for any range, including constant,
/// near-constant, huge, subnormal and non-finite ones (every loop here is bounded).
enum Ticks {
  static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

  /// The fewest and most ticks an axis gets when its range allows.
  static let counts = 3...7

  /// Round values (1, 2 or 5 × 10ⁿ apart) inside `lower…upper`: 3 to 7 of them, as near `target`
  /// (clamped to 3…7) as the 1-2-5 steps allow. A range too narrow for distinct steps at its
  /// magnitude gives its ends; an empty or reversed range gives `lower`; a non-finite one nothing.
  static func values(_ lower: Double, _ upper: Double, target: Int = 6) -> [Double] {
    guard lower.isFinite, upper.isFinite else { return [] }
    guard upper > lower else { return [lower] }
    let target = min(max(target, counts.lowerBound), counts.upperBound)
    // Halves keep the span finite when upper − lower overflows.
    let halfSpan = upper / 2 - lower / 2
    let raw = halfSpan / Double(target - 1) * 2
    let exponent = log10(raw).rounded(.down)
    var best: (count: Double, first: Double, step: Double)?
    for power in [exponent - 1, exponent, exponent + 1] {
      for mantissa in [1.0, 2, 5] {
        let step = mantissa * pow(10, power)
        guard step.isFinite, step > 0 else { continue }
        let first = (lower / step).rounded(.up), last = (upper / step).rounded(.down)
        let count = last - first + 1
        guard count.isFinite, count >= 2 else { continue }
        // Inside 3…7 beats outside; then nearest the target.
        func cost(_ count: Double) -> Double {
          (counts.contains(Int(min(count, 100))) ? 0 : 1000) + abs(count - Double(target))
        }
        if best == nil || cost(count) < cost(best!.count) { best = (count, first, step) }
      }
    }
    guard let best, best.count <= 50 else { return [lower, upper] }
    var ticks: [Double] = []
    for index in 0..<Int(best.count) {
      let value = (best.first + Double(index)) * best.step
      let tick = abs(value) < best.step * 1e-9 ? 0 : value
      // Steps below the values' resolution repeat a tick; keep each once, in order, in range.
      if tick >= lower, tick <= upper, tick > (ticks.last ?? -.infinity) { ticks.append(tick) }
    }
    return ticks.count >= 2 ? ticks : [lower, upper]
  }

  /// The range an axis shows for `values`: their extent widened by `padding` of it at each end; a
  /// constant or near-constant extent (narrower than a billionth of its magnitude, which no tick
  /// or pixel could tell apart) is widened to ±5% of its magnitude (±1 around zero or below
  /// 1e-290). Finite whatever the values, even when their extent overflows.
  static func range(_ values: [Double], padding: Double) -> (Double, Double) {
    guard var low = values.min(), var high = values.max() else { return (0, 1) }
    let magnitude = max(abs(low), abs(high))
    // Spans below 1e-290 (subnormal steps) count as constant too.
    if !(high / 2 - low / 2 > max(magnitude * 0.5e-9, 1e-290)) {
      let half = magnitude * 0.05 > 1e-290 ? magnitude * 0.05 : 1
      (low, high) = (low - half, high + half)
    } else {
      let pad = (high / 2 - low / 2) * 2 * padding
      (low, high) = (low - pad, high + pad)
    }
    let limit = Double.greatestFiniteMagnitude
    return (max(low, -limit), min(high, limit))
  }

  /// Where `value` lies between `low` and `high` (0 to 1), without overflowing their difference.
  static func fraction(_ value: Double, _ low: Double, _ high: Double) -> Double {
    (value / 2 - low / 2) / (high / 2 - low / 2)
  }

  /// An axis over `lower…upper` (a finite, increasing range) and its value ticks: the range
  /// itself when 3 to 7 round ticks fit inside it, otherwise the range widened to the nearest
  /// multiples of a 1-2-5 step that gives 3 to 7 (d3's `nice()`), which always exists.
  static func axis(_ lower: Double, _ upper: Double, target: Int = 6) -> (lower: Double, upper: Double, ticks: [Double]) {
    let inside = values(lower, upper, target: target)
    guard !counts.contains(inside.count), lower.isFinite, upper.isFinite, upper > lower else { return (lower, upper, inside) }
    let target = min(max(target, counts.lowerBound), counts.upperBound)
    let exponent = log10((upper / 2 - lower / 2) / Double(target - 1) * 2).rounded(.down)
    var best: (count: Double, first: Double, last: Double, step: Double)?
    for power in [exponent - 1, exponent, exponent + 1] {
      for mantissa in [1.0, 2, 5] {
        let step = mantissa * pow(10, power)
        let first = (lower / step).rounded(.down), last = (upper / step).rounded(.up)
        let count = last - first + 1
        guard step.isFinite, step > 0, (first * step).isFinite, (last * step).isFinite,
              counts.contains(Int(min(count, 100))) else { continue }
        if best == nil || abs(count - Double(target)) < abs(best!.count - Double(target)) { best = (count, first, last, step) }
      }
    }
    guard let best else { return (lower, upper, inside) }
    let ticks = (0..<Int(best.count)).map { index -> Double in
      let value = (best.first + Double(index)) * best.step
      return abs(value) < best.step * 1e-9 ? 0 : value
    }
    guard zip(ticks, ticks.dropFirst()).allSatisfy({ $0 < $1 }) else { return (lower, upper, inside) }
    return (best.first * best.step, best.last * best.step, ticks)
  }

  /// A label for a value tick, with as many decimals as the spacing needs; exponent notation for
  /// values or steps beyond what fixed decimals show.
  static func label(_ value: Double, step: Double) -> String {
    guard value.isFinite, step.isFinite, step > 0 else { return "\(value)" }
    if abs(value) >= 1e12 || step < 1e-6 {
      // Enough significant digits to tell neighbouring ticks apart.
      let digits = min(max(Int((log10(max(abs(value), step)) - log10(step)).rounded(.up)) + 1, 2), 17)
      return String(format: "%.\(digits)g", value)
    }
    let decimals = step >= 1 ? 0 : min(Int((-log10(step)).rounded(.up)), 6)
    return String(format: "%.\(decimals)f", value)
  }

  /// Date ticks on whole hours, days, months or years inside the range, a calendar's 1-2-5 steps
  /// (1, 2, 3, 6 or 12 hours; 1, 2, 5 or 10 days; 1, 2, 3 or 6 months; 1, 2 or 5 × 10ⁿ years): 3 to
  /// `target` of them when some step gives that many, else 3 to 7, else the ends of the range.
  /// - Parameter target: the most ticks wanted, clamped to 3…7.
  static func dates(_ lower: Date, _ upper: Date, target: Int = 7) -> [(Date, String)] {
    let (start, end) = (lower.timeIntervalSince1970, upper.timeIntervalSince1970)
    // Beyond ±30,000 years from 1970 no calendar label means anything.
    guard start.isFinite, end.isFinite, abs(start) < 1e12, abs(end) < 1e12 else { return [] }
    guard upper > lower else { return [(lower, DateParsing.format(lower))] }
    let target = min(max(target, counts.lowerBound), counts.upperBound)
    let span = end - start
    var fallback: [(Date, String)]?
    for (unit, step) in dateSteps {
      // Only steps that could give 3 to 7 ticks are drawn out.
      let approximate = span / (unit.seconds * Double(step))
      guard approximate >= 1.5, approximate <= 8 else { continue }
      let ticks = dateTicks(lower, upper, unit: unit, step: step)
      if (counts.lowerBound...target).contains(ticks.count) { return ticks }
      if counts.contains(ticks.count) && fallback == nil { fallback = ticks }
    }
    // The steps run from short to long: the first fallback is the one with the most ticks.
    return fallback ?? [(lower, DateParsing.format(lower)), (upper, DateParsing.format(upper))]
  }

  /// A calendar unit for date ticks.
  enum DateUnit {
    case hour, day, month, year

    /// Its typical length in seconds.
    var seconds: Double {
      switch self {
      case .hour: 3600
      case .day: 86_400
      case .month: 30.44 * 86_400
      case .year: 365.25 * 86_400
      }
    }
  }

  /// The date steps, shortest first.
  static let dateSteps: [(DateUnit, Int)] = [1, 2, 3, 6, 12].map { (.hour, $0) } + [1, 2, 5, 10].map { (.day, $0) }
    + [1, 2, 3, 6].map { (.month, $0) } + [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000].map { (.year, $0) }

  /// The instants inside `lower…upper` that are whole multiples of `step` units (hours and days
  /// counted from 1970, months from January, years from year 0), at most 9 of them, labelled.
  static func dateTicks(_ lower: Date, _ upper: Date, unit: DateUnit, step: Int) -> [(Date, String)] {
    var result: [(Date, String)] = []
    switch unit {
    case .hour, .day:
      let seconds = unit.seconds * Double(step)
      var index = (lower.timeIntervalSince1970 / seconds).rounded(.up)
      for _ in 0..<9 {
        let date = Date(timeIntervalSince1970: index * seconds)
        guard date <= upper else { break }
        result.append((date, DateParsing.format(date)))
        index += 1
      }
    case .month, .year:
      let first = CivilCalendar.fields(of: lower)
      // Months since January of year 0, rounded up to a multiple of the step.
      let months = unit == .month ? step : 12 * step
      var index = ((first.year * 12 + first.month - 1) + months - 1) / months * months
      for _ in 0..<10 {
        guard let date = CivilCalendar.date(year: index / 12, month: index % 12 + 1, day: 1) else { break }
        if date > upper { break }
        if date >= lower {
          let label = unit == .year ? String(index / 12) : "\(monthNames[index % 12]) \(index / 12)"
          result.append((date, label))
        }
        index += months
      }
    }
    return result
  }
}
