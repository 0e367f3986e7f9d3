import Foundation
import ForecastSeries
import Testing

@Suite("Reading dated CSV files")
struct TimeSeriesTests {
  struct Tables: Decodable { var head: String; var describe: [String: Double] }
  static let milkPath = Bundle.module.path(forResource: "monthly_milk_production", ofType: "csv", inDirectory: "Fixtures")!

  static func read(_ text: String, _ options: CSVOptions = CSVOptions()) throws(SeriesError) -> TimeSeries {
    try TimeSeries.read(csvText: text, name: "data.csv", options: options)
  }

  static func message(_ text: String, _ options: CSVOptions = CSVOptions()) -> String {
    do { _ = try read(text, options); return "no error" } catch { return error.description }
  }

  @Test("the milk data: 168 months, month-start frequency, pandas' head and describe")
  func milk() throws {
    let series = try TimeSeries.read(csv: Self.milkPath)
    #expect(series.count == 168 && series.frequency?.alias == "MS" && series.columnNames == ["Production"])
    let tables = try fixture("tables", as: Tables.self)
    #expect(series.head() == tables.head)
    let stats = Statistics.describe(series.values)
    let keys = ["count", "mean", "std", "min", "25%", "50%", "75%", "max"]
    #expect(agree(stats, keys.map { tables.describe[$0] }, tolerance: 1e-12).ok)
    let (train, test) = try series.split(testSize: 12)
    #expect(train.count == 156 && DateParsing.format(test.dates[0]) == "1975-01-01")
    #expect(try series.futureDates(2).map(DateParsing.format) == ["1976-01-01", "1976-02-01"])
  }

  @Test("quoted fields, a byte-order mark, CRLF and month names")
  func formats() throws {
    let text = "\u{FEFF}\"Month\",\"Passengers, total\",note\r\nJan 1949,112,\"a, b\"\r\nFeb 1949,118,\"multi\nline\"\r\nMar 1949,132,x\r\n"
    let series = try Self.read(text)
    #expect(series.values == [112, 118, 132])
    #expect(series.columnNames == ["Passengers, total"] && series.dateName == "Month")
    #expect(series.frequency?.alias == "MS")
    // The record after the quoted line break starts on line 5.
    let bad = "Month,Value,Note\n2020-01,1,a\n2020-02,2,\"x\ny\"\n2020-03,z,b\n"
    #expect(Self.message(bad).contains("line 5"))
  }

  @Test("choosing columns; an unknown column lists the ones there are")
  func columns() throws {
    let text = "id,when,a,b\n1,2020-01-01,1,10\n2,2020-01-02,2,20\n3,2020-01-03,3,30\n"
    let series = try Self.read(text, CSVOptions(dateColumn: "when", valueColumns: ["b"]))
    #expect(series.values == [10, 20, 30] && series.frequency?.alias == "D")
    #expect(try Self.read(text, CSVOptions(dateColumn: "when")).columnNames == ["a"])
    #expect(Self.message(text, CSVOptions(dateColumn: "when", valueColumns: ["c"]))
      == "data.csv has no column 'c'; its columns are 'id', 'when', 'a', 'b'.")
    #expect(Self.message(text, CSVOptions(dateColumn: "wen")).contains("Did you mean 'when'?"))
  }

  @Test("bad cells and dates name the file, line, column and value")
  func badCells() {
    #expect(Self.message("Date,V\n2020-01-01,1\n2020-02-01,abc\n2020-03-01,3\n")
      == "data.csv, line 3, column 'V': expected a number, found 'abc'. Fix or remove that row.")
    #expect(Self.message("Date,V\n2020-01-01,1\n2020-02-01,\n2020-03-01,3\n").contains("line 3, column 'V': the cell is empty"))
    #expect(Self.message("Date,V\n2020-01-01,1\nsoon,2\n").contains("line 3, column 'Date': cannot read 'soon' as a date"))
    #expect(Self.message("Date,V\n2020-01-01,1\n2020-01-01,2\n").contains("line 3: the date 2020-01-01 already appears on line 2"))
    #expect(Self.message("Date,V\n2020-02-01,1\n2020-01-01,2\n").contains("line 3: the date 2020-01-01 comes after 2020-02-01"))
    #expect(Self.message("Date,V\n").contains("has no data rows"))
  }

  @Test("gaps are reported with the missing dates, or filled by linear interpolation on request")
  func gaps() throws {
    let text = "Date,V\n2020-01-01,1\n2020-02-01,2\n2020-04-01,4\n2020-05-01,5\n2020-08-01,8\n"
    #expect(Self.message(text).contains("has 3 missing dates (2020-03-01, 2020-06-01, 2020-07-01)"))
    #expect(Self.message(text).contains("--fill-gaps"))
    let filled = try Self.read(text, CSVOptions(fillGaps: true))
    #expect(filled.values == [1, 2, 3, 4, 5, 6, 7, 8] && filled.frequency?.alias == "MS")
    #expect(Self.message("Date,V\n2020-01-01,1\n2020-01-02,2\n2020-01-04,4\n2020-01-04 05:00,5\n").contains("not regularly spaced"))
  }

  @Test("splitting needs both parts")
  func split() throws {
    let series = try Self.read("Date,V\n2020,1\n2021,2\n2022,3\n")
    #expect(series.frequency?.alias == "YS-JAN")
    #expect(throws: SeriesError.self) { try series.split(testSize: 3) }
    #expect(try series.split(at: DateParsing.parse("2022")!).test.values == [3])
  }
}
