import ForecastSeries
import Testing

@Suite("Delimiters, decimal marks and thousands separators")
struct CSVDialectTests {
  static func read(_ text: String, _ dialect: CSVDialect = .standard) throws(SeriesError) -> TimeSeries {
    try TimeSeries.read(csvText: text, name: "data.csv", options: CSVOptions(dialect: dialect))
  }

  @Test("semicolon, tab and bar files are sniffed; a comma inside quotes does not count")
  func sniffing() throws {
    for delimiter in [";", "\t", "|"] {
      let text = ["Date", "Production"].joined(separator: delimiter) + "\n"
        + ["2020-01-01", "2020-02-01", "2020-03-01"].enumerated().map { "\($1)\(delimiter)\($0 + 10)" }.joined(separator: "\n")
      let series = try Self.read(text)
      #expect(series.values == [10, 11, 12] && series.columnNames == ["Production"], "delimiter \(delimiter)")
    }
    let quoted = "Month;\"Sales, total\"\n2020-01;\"1,5\"\n2020-02;\"2,5\"\n2020-03;\"3,0\"\n"
    #expect(try Self.read(quoted, CSVDialect(decimal: ",")).values == [1.5, 2.5, 3.0])
  }

  @Test("a forced delimiter wins over sniffing")
  func forcedDelimiter() throws {
    let text = "Date;Note,x;Value\n2020-01;a,b;1\n2020-02;c,d;2\n2020-03;e,f;3\n"
    #expect(try Self.read(text, CSVDialect(delimiter: ";")).values == [1, 2, 3])
  }

  @Test("quoted thousands separators read as numbers, in either decimal convention")
  func thousands() throws {
    let text = "Month,Sales\n2020-01,\"5,890\"\n2020-02,\"1,234.5\"\n2020-03,\"-1,000,000\"\n"
    #expect(try Self.read(text).values == [5890, 1234.5, -1_000_000])
    let comma = "Month;Sales\n2020-01;1.234,5\n2020-02;12 345\n2020-03;7,25\n"
    #expect(try Self.read(comma, CSVDialect(decimal: ",")).values == [1234.5, 12345, 7.25])
    let dialect = CSVDialect.standard
    for bad in ["1,23", "12,34,567", ",123", "1,2345", "1.2.3", "1,234,5"] { #expect(dialect.number(bad) == nil, "\(bad)") }
  }

  @Test("a number that still cannot be read says why and what to do")
  func messages() throws {
    let text = "Month;Sales\n2020-01;1,5\n2020-02;2,5\n2020-03;3,5\n"
    #expect(throws: SeriesError.self) { try Self.read(text) }
    do { _ = try Self.read(text) } catch {
      #expect(error.description == "data.csv, line 2, column 'Sales': expected a number, found '1,5'. It reads as a number with a decimal comma: pass --decimal , if the file writes decimals that way.")
    }
    do { _ = try Self.read("Month Sales\n2020-01 1\n2020-02 2\n") } catch {
      #expect(error.description.contains("read as one column: if its fields are separated by another character, name it with --delimiter"))
    }
    #expect(throws: SeriesError.self) { try CSVDialect(delimiter: ",", decimal: ",") }
    #expect(throws: SeriesError.self) { try CSVDialect(decimal: "x") }
    #expect(throws: SeriesError.self) { try CSVDialect(delimiter: "\"") }
  }
}
