import Foundation

extension Frequency {
  /// The frequency of `dates` as pandas' `infer_freq` finds it, or nil when there are fewer than
  /// three dates or no single frequency describes every step.
  ///
  /// Follows pandas' order: yearly, quarterly and monthly rules (dates all on month starts or
  /// all on month ends), then a unique step of whole weeks, days or hours. Business-day and
  /// week-of-month rules are not inferred.
  public static func infer(_ dates: [Date]) -> Frequency? {
    guard dates.count >= 3 else { return nil }
    let deltas = zip(dates.dropFirst(), dates).map { Int(($0.timeIntervalSince($1)).rounded()) }
    guard deltas.allSatisfy({ $0 > 0 }) else { return nil }
    let uniqueDeltas = Set(deltas)
    let smallest = uniqueDeltas.min()!
    let day = 86_400
    if smallest % day == 0 {
      let fields = DateFields(dates)
      if let position = fields.monthPosition {
        let yearDiffs = Set(zip(fields.years.dropFirst(), fields.years).map { $0 - $1 })
        if yearDiffs.count == 1, Set(fields.months).count == 1 {
          let month = fields.months[0]
          return Frequency(position == .start ? .yearStart(month: month) : .yearEnd(month: month), multiple: yearDiffs.first!)
        }
        let monthDiffs = Set(zip(fields.monthIndex.dropFirst(), fields.monthIndex).map { $0 - $1 })
        if monthDiffs.count == 1 {
          let months = monthDiffs.first!
          if months % 3 == 0 {
            return Frequency(quarterly(position, firstMonth: fields.months[0]), multiple: months / 3)
          }
          return Frequency(position == .start ? .monthStart : .monthEnd, multiple: months)
        }
      }
      guard uniqueDeltas.count == 1 else { return nil }
      let days = smallest / day
      if days % 7 == 0 {
        return Frequency(.week(weekday: CivilCalendar.fields(of: dates[0]).weekday), multiple: days / 7)
      }
      return Frequency(.day, multiple: days)
    }
    if uniqueDeltas.count == 1 && smallest % 3600 == 0 {
      return Frequency(.hour, multiple: smallest / 3600)
    }
    return nil
  }

  /// pandas' quarterly anchor, known only up to the month mod 3: starts are named by a month of
  /// the first calendar quarter (`QS-JAN`), ends by one of the last (`QE-DEC`).
  private static func quarterly(_ position: DateFields.MonthPosition, firstMonth: Int) -> Unit {
    switch position {
    case .start: .quarterStart(anchorMonth: [1: 1, 2: 2, 0: 3][firstMonth % 3]!)
    case .end: .quarterEnd(anchorMonth: [0: 12, 2: 11, 1: 10][firstMonth % 3]!)
    }
  }

  /// The regular grid that `dates` sit on when some dates are missing: the finest step that every
  /// gap is a whole number of, checked against every date. Nil when the dates fit no grid, or only
  /// one with more missing dates than present ones (checking stops there, so the work stays
  /// linear in the number of dates).
  static func inferAllowingGaps(_ dates: [Date]) -> Frequency? {
    guard dates.count >= 2 else { return nil }
    func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? abs(a) : gcd(b, a % b) }
    // Calendar fields only for dates at midnight UTC: months and years need them, and reading
    // them took a third of the time to fill the gaps of 250,000 hourly rows.
    let midnight = dates.allSatisfy { $0.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400) == 0 }
    let fields = midnight ? DateFields(dates) : nil
    var candidate: Frequency?
    if let fields, let position = fields.monthPosition, fields.allMidnight {
      let step = zip(fields.monthIndex.dropFirst(), fields.monthIndex).map { $0 - $1 }.reduce(0, gcd)
      guard step > 0 else { return nil }
      if step % 12 == 0 {
        candidate = Frequency(position == .start ? .yearStart(month: fields.months[0]) : .yearEnd(month: fields.months[0]), multiple: step / 12)
      } else if step % 3 == 0 {
        candidate = Frequency(quarterly(position, firstMonth: fields.months[0]), multiple: step / 3)
      } else {
        candidate = Frequency(position == .start ? .monthStart : .monthEnd, multiple: step)
      }
    } else {
      let step = zip(dates.dropFirst(), dates).map { Int($0.timeIntervalSince($1).rounded()) }.reduce(0, gcd)
      if step > 0 && step % (7 * 86_400) == 0 {
        candidate = Frequency(.week(weekday: CivilCalendar.fields(of: dates[0]).weekday), multiple: step / (7 * 86_400))
      } else if step > 0 && step % 86_400 == 0 {
        candidate = Frequency(.day, multiple: step / 86_400)
      } else if step > 0 && step % 3600 == 0 {
        candidate = Frequency(.hour, multiple: step / 3600)
      }
    }
    guard let candidate else { return nil }
    // Every date must be a grid point.
    var next = dates[0]
    var steps = 0
    for date in dates {
      while next < date && steps < 2 * dates.count { next = candidate.advance(dates[0], by: steps + 1); steps += 1 }
      if next != date { return nil }
    }
    return candidate
  }

  /// The grid dates from `first` through `last` that are not in `dates`; the first `limit` of them.
  static func missingDates(_ dates: [Date], frequency: Frequency, limit: Int = .max) -> [Date] {
    let present = Set(dates)
    var missing: [Date] = []
    var step = 0
    var date = dates[0]
    while date < dates.last! && missing.count < limit {
      step += 1
      date = frequency.advance(dates[0], by: step)
      if !present.contains(date) && date < dates.last! { missing.append(date) }
    }
    return missing
  }
}

/// Calendar fields of a list of dates, as pandas' `_FrequencyInferer` reads them.
struct DateFields {
  enum MonthPosition { case start, end }

  var years: [Int] = []
  var months: [Int] = []
  var days: [Int] = []
  var daysInMonth: [Int] = []
  var allMidnight = true

  init(_ dates: [Date]) {
    for date in dates {
      let c = CivilCalendar.fields(of: date)
      years.append(c.year)
      months.append(c.month)
      days.append(c.day)
      daysInMonth.append(CivilCalendar.daysInMonth(year: c.year, month: c.month))
      if c.hour != 0 || c.minute != 0 || c.second != 0 { allMidnight = false }
    }
  }

  /// Months counted from year 0, so differences are month steps.
  var monthIndex: [Int] { zip(years, months).map { $0 * 12 + $1 } }

  /// Whether every date is the first of its month, or every one the last.
  var monthPosition: MonthPosition? {
    guard allMidnight else { return nil }
    if days.allSatisfy({ $0 == 1 }) { return .start }
    if zip(days, daysInMonth).allSatisfy({ $0 == $1 }) { return .end }
    return nil
  }
}
