import Foundation

/// The spacing of a regular series, as pandas' offset aliases name it (`h`, `D`, `W-SUN`, `MS`,
/// `ME`, `QS-OCT`, `QE-DEC`, `YS-JAN`, `YE-DEC`), with a multiple (`2MS`).
public struct Frequency: Sendable, Equatable {
  /// The kind of step.
  public enum Unit: Sendable, Equatable {
    /// Every hour.
    case hour
    /// Every day.
    case day
    /// Every week, on a weekday (1 = Sunday … 7 = Saturday, as `Calendar` counts).
    case week(weekday: Int)
    /// The first day of each month.
    case monthStart
    /// The last day of each month.
    case monthEnd
    /// The first day of each quarter, anchored at a month of the first calendar quarter (`QS-JAN`).
    case quarterStart(anchorMonth: Int)
    /// The last day of each quarter, anchored at a quarter's last month (`QE-DEC`).
    case quarterEnd(anchorMonth: Int)
    /// The first day of a year starting in `month` (`YS-JAN`).
    case yearStart(month: Int)
    /// The last day of a year ending in `month` (`YE-DEC`).
    case yearEnd(month: Int)
  }

  /// The kind of step.
  public var unit: Unit
  /// How many units one step spans.
  public var multiple: Int

  /// A frequency of `multiple` × `unit`.
  public init(_ unit: Unit, multiple: Int = 1) {
    self.unit = unit
    self.multiple = multiple
  }

  static let monthAliases = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
  static let weekdayAliases = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

  /// pandas' alias, as `pd.infer_freq` returns it.
  public var alias: String {
    let base: String
    switch unit {
    case .hour: base = "h"
    case .day: base = "D"
    case .week(let weekday): base = "W-\(Self.weekdayAliases[weekday - 1])"
    case .monthStart: base = "MS"
    case .monthEnd: base = "ME"
    case .quarterStart(let anchor): base = "QS-\(Self.monthAliases[anchor - 1])"
    case .quarterEnd(let anchor): base = "QE-\(Self.monthAliases[anchor - 1])"
    case .yearStart(let month): base = "YS-\(Self.monthAliases[month - 1])"
    case .yearEnd(let month): base = "YE-\(Self.monthAliases[month - 1])"
    }
    return multiple == 1 ? base : "\(multiple)\(base)"
  }

  /// A plain-English name: `monthly (month start)`.
  public var name: String {
    let word: String
    switch unit {
    case .hour: word = "hourly"
    case .day: word = "daily"
    case .week: word = "weekly"
    case .monthStart: word = "monthly (month start)"
    case .monthEnd: word = "monthly (month end)"
    case .quarterStart: word = "quarterly (quarter start)"
    case .quarterEnd: word = "quarterly (quarter end)"
    case .yearStart: word = "yearly (year start)"
    case .yearEnd: word = "yearly (year end)"
    }
    return multiple == 1 ? word : "every \(multiple) steps, \(word)"
  }

  /// The usual seasonal period: 24 for hourly, 7 for daily, 52 for weekly, 12 for monthly,
  /// 4 for quarterly, 1 for yearly data (divided by the multiple where that is whole).
  public var seasonalPeriod: Int {
    let base: Int
    switch unit {
    case .hour: base = 24
    case .day: base = 7
    case .week: base = 52
    case .monthStart, .monthEnd: base = 12
    case .quarterStart, .quarterEnd: base = 4
    case .yearStart, .yearEnd: base = 1
    }
    return base % multiple == 0 ? max(base / multiple, 1) : base
  }

  /// The date `steps` steps after `date` (which lies on this frequency's grid).
  public func advance(_ date: Date, by steps: Int) -> Date {
    let n = steps * multiple
    switch unit {
    case .hour: return date.addingTimeInterval(3600 * Double(n))
    case .day: return CivilCalendar.adding(days: n, to: date)
    case .week: return CivilCalendar.adding(days: 7 * n, to: date)
    case .monthStart, .quarterStart, .yearStart: return CivilCalendar.adding(months: n * monthsPerUnit, to: date)
    case .monthEnd, .quarterEnd, .yearEnd:
      // Move to the first of the month after, step, and come back one day: stays a month end.
      let firstOfNext = CivilCalendar.adding(days: 1, to: date)
      return CivilCalendar.adding(days: -1, to: CivilCalendar.adding(months: n * monthsPerUnit, to: firstOfNext))
    }
  }

  /// The number of steps from `start` to `end`, two dates on this frequency's grid (negative when
  /// `end` comes first): the inverse of `advance`.
  public func steps(from start: Date, to end: Date) -> Int {
    let units: Int
    switch unit {
    case .hour: units = Int((end.timeIntervalSince(start) / 3600).rounded())
    case .day, .week:
      let days = Int((end.timeIntervalSince(start) / 86_400).rounded())
      units = unit == .day ? days : Int((Double(days) / 7).rounded())
    case .monthStart, .monthEnd, .quarterStart, .quarterEnd, .yearStart, .yearEnd:
      let a = CivilCalendar.fields(of: start), b = CivilCalendar.fields(of: end)
      let months = (b.year - a.year) * 12 + (b.month - a.month)
      units = Int((Double(months) / Double(monthsPerUnit)).rounded())
    }
    return Int((Double(units) / Double(multiple)).rounded())
  }

  private var monthsPerUnit: Int {
    switch unit {
    case .quarterStart, .quarterEnd: 3
    case .yearStart, .yearEnd: 12
    default: 1
    }
  }
}

extension Frequency {
  /// The `n` dates after `last` on this grid.
  /// - Throws: `SeriesError.invalidArgument` when they would go past the year 9999 (dates are read
  ///   and written with four-digit years), naming the most steps that fit.
  public func dates(after last: Date, count n: Int) throws(SeriesError) -> [Date] {
    func fits(_ steps: Int) -> Bool {
      let date = advance(last, by: steps)
      return date >= last && CivilCalendar.fields(of: date).year <= 9999
    }
    if n > 0 && !fits(n) {
      var (low, high) = (0, n)  // fits(low), !fits(high)
      while high - low > 1 {
        let middle = low + (high - low) / 2
        if fits(middle) { low = middle } else { high = middle }
      }
      throw .invalidArgument(
        "\(n) steps of \(name) data after \(DateParsing.format(last)) go past the year 9999, the last year dates are read and written in. "
          + "Forecast at most \(low) steps.")
    }
    return (1...max(n, 1)).prefix(n).map { advance(last, by: $0) }
  }
}
