import Foundation
import ForecastSeries
import Testing

/// The CSV reader on hostile input: bounded work and bounded messages, and the value column chosen
/// by what the whole column holds.
@Suite("CSV reader on hostile input")
struct CSVReliabilityTests {
  static func message(_ text: String, _ options: CSVOptions = CSVOptions()) -> String {
    do { _ = try TimeSeries.read(csvText: text, name: "data.csv", options: options); return "no error" } catch { return error.description }
  }

  static func seconds(_ body: () -> Void) -> Double {
    let start = Date()
    body()
    return Date().timeIntervalSince(start)
  }

  @Test("an empty first value cell is reported on its line, not answered by forecasting the next column")
  func emptyFirstCell() {
    let text = "Date,Sales,Temp\n2020-01-01,,5\n2020-02-01,12,6\n2020-03-01,13,7\n"
    #expect(Self.message(text) == "data.csv, line 2, column 'Sales': the cell is empty, expected a number. Fill it in or remove the row.")
    // A text column whose first cell happens to be a number is not the values.
    let notes = try? TimeSeries.read(csvText: "Date,Note,Sales\n2020-01-01,7,1\n2020-02-01,late,2\n2020-03-01,ok,3\n", name: "data.csv")
    #expect(notes?.columnNames == ["Sales"])
  }

  @Test("missing markers and values beyond a double's range say so and what to do")
  func missingAndOutOfRange() {
    for marker in ["nan", "NA", "NaN", "null"] {
      let text = "Date,V\n2020-01-01,1\n2020-02-01,\(marker)\n2020-03-01,3\n"
      let message = Self.message(text)
      #expect(message.contains("line 3") && message.contains("missing values are not supported") && message.contains("--fill-gaps"), "\(marker): \(message)")
    }
    let message = Self.message("Date,V\n2020-01-01,1\n2020-02-01,1e309\n2020-03-01,3\n")
    #expect(message.contains("1e309 is out of range") && message.contains("finite"), "\(message)")
    // 1.797e308 is a double, but its square is not: the forecasts turned NaN with exit 0.
    let huge = Self.message("Date,V\n2020-01-01,1\n2020-02-01,1.797e308\n2020-03-01,3\n")
    #expect(huge.contains("line 3") && huge.contains("1.797e308 is out of range") && huge.contains("Rescale"), "\(huge)")
  }

  @Test("a huge cell, a huge column name and an unterminated quote are echoed in at most 80 characters")
  func boundedEcho() {
    let huge = String(repeating: "x", count: 1_000_000)
    let cell = Self.message("Date,V\n2020-01-01,1\n2020-02-01,\(huge)\n2020-03-01,3\n")
    #expect(cell.count < 300 && cell.contains("(1000000 characters)"), "\(cell.prefix(300))")
    let date = Self.message("Date,V\n\(huge),1\n")
    #expect(date.count < 400 && date.contains("(1000000 characters)"))
    // An unterminated quote swallows the rest of the file into one date cell.
    let rows = (1...2000).map { String(format: "2020-01-%02d,%d", $0 % 28 + 1, $0) }.joined(separator: "\n")
    let quote = Self.message("Date,V\n2019-11-01,1\n2019-12-01,2\n\"2020-01-01,1\n" + rows + "\n")
    #expect(quote.count < 500 && quote.contains("line 4") && quote.contains("quote") && quote.contains("⏎"), "\(quote.prefix(600))")
  }

  @Test("a long wrong column name among many columns: a quick answer, a short message")
  func boundedSuggestion() {
    let columns = (0..<2000).map { "column\($0)" }
    let text = "Date," + columns.joined(separator: ",") + "\n2020-01-01," + columns.map { _ in "1" }.joined(separator: ",") + "\n"
    let name = String(repeating: "Sales", count: 20_000)
    var message = ""
    let elapsed = Self.seconds { message = Self.message(text, CSVOptions(valueColumns: [name])) }
    // A generous bound: the unbounded suggestion took 47 s here in a release build.
    #expect(elapsed < 10, "took \(elapsed) s")
    #expect(message.count < 1500 && message.contains("and 1981 more"), "\(message.prefix(1500))")
    // A typo still gets its suggestion.
    #expect(Self.message(text, CSVOptions(valueColumns: ["column1999x"])).contains("Did you mean 'column1999'?"))
  }

  @Test("filling gaps is linear: 100,000 hourly rows with every fourth missing, filled exactly")
  func linearFill() throws {
    var lines = ["time,load"]
    lines.reserveCapacity(100_001)
    let start = 1_577_836_800
    for hour in 0..<133_333 where hour % 4 != 3 {
      let date = Date(timeIntervalSince1970: Double(start + 3600 * hour))
      lines.append("\(DateParsing.format(date)),\(hour)")
    }
    let text = lines.joined(separator: "\n")
    var series: TimeSeries?
    let elapsed = Self.seconds { series = try? TimeSeries.read(csvText: text, name: "data.csv", options: CSVOptions(fillGaps: true)) }
    let filled = try #require(series)
    #expect(filled.count == 133_333 && filled.values.enumerated().allSatisfy { abs($0.element - Double($0.offset)) < 1e-9 })
    // The quadratic fill took minutes here; the linear one a few seconds even in a debug build.
    #expect(elapsed < 30, "took \(elapsed) s")
  }

  @Test("three rows an hour apart and one millennia later are irregular, found at once")
  func sparseGrid() {
    var message = ""
    let elapsed = Self.seconds {
      message = Self.message("Date,V\n2020-01-01T00:00,1\n2020-01-01T01:00,2\n2020-01-01T02:00,3\n9000-01-01,4\n", CSVOptions(fillGaps: true))
    }
    // A generous bound: the check stepped the hourly grid up to ten million times before.
    #expect(message.contains("not regularly spaced") && elapsed < 10, "\(message) in \(elapsed) s")
  }

  @Test("future dates past the year 9999 are refused with the most steps that fit")
  func beyondCalendar() throws {
    let text = (2000...2020).map { "\($0),\($0 - 1990)" }.joined(separator: "\n")
    let series = try TimeSeries.read(csvText: "year,v\n" + text, name: "data.csv")
    #expect(try series.futureDates(3).map(DateParsing.format) == ["2021-01-01", "2022-01-01", "2023-01-01"])
    do {
      _ = try series.futureDates(100_000)
      Issue.record("100000 yearly steps were accepted")
    } catch {
      #expect(error.description.contains("past the year 9999") && error.description.contains("Forecast at most 7979 steps"), "\(error)")
    }
    #expect(try series.futureDates(7979).last.map(DateParsing.format) == "9999-01-01")
  }

  @Test("irregular dates say why: half-hourly steps, and months moved by a UTC offset")
  func irregularMessages() {
    let halfHourly = (0..<6).map { String(format: "2020-01-01T%02d:%02d,%d", $0 / 2, 30 * ($0 % 2), $0) }.joined(separator: "\n")
    let message = Self.message("time,v\n" + halfHourly + "\n")
    #expect(message.contains("every date is 0.5 hours after the one before") && !message.contains("from 0.5 hours to 0.5 hours"), "\(message)")
    let offsets = (1...12).map { String(format: "2021-%02d-01T00:00:00+01:00,%d", $0, $0) }.joined(separator: "\n")
    let monthly = Self.message("ts,v\n" + offsets + "\n")
    #expect(monthly.contains("look monthly") && monthly.contains("UTC offset") && monthly.contains("2020-12-31 23:00:00 UTC"), "\(monthly)")
  }
}
