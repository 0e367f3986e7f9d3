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

  static func message(_ text: String, _ dialect: CSVDialect = .standard) -> String {
    do { _ = try read(text, dialect); return "no error" } catch { return error.description }
  }

  @Test("a number that still cannot be read says why and what to do")
  func messages() throws {
    let text = "Month;Sales\n2020-01;1,5\n2020-02;2,5\n2020-03;3,5\n"
    #expect(Self.message(text) == "data.csv, line 2, column 'Sales': expected a number, found '1,5'. It reads as a number with a decimal comma: pass --decimal , if the file writes decimals that way.")
    #expect(Self.message("Month Sales\n2020-01 1\n2020-02 2\n").contains("read as one column: if its fields are separated by another character, name it with --delimiter"))
    #expect(throws: SeriesError.self) { try CSVDialect(decimal: "x") }
    #expect(throws: SeriesError.self) { try CSVDialect(delimiter: "\"") }
  }

  @Test("a single comma group in a semicolon file is a decimal comma, not a thousand; groups never start with 0")
  func ambiguousGroups() throws {
    for cell in ["0,125", "1,250", "-0,001"] {
      #expect(Self.message("Month;Sales\n2020-01;\(cell)\n2020-02;1\n2020-03;2\n").contains("pass --decimal ,"), "\(cell)")
    }
    #expect(try Self.read("Month;Sales\n2020-01;0,125\n2020-02;1,250\n2020-03;2\n", CSVDialect(decimal: ",")).values == [0.125, 1.25, 2])
    #expect(try CSVDialect(decimal: ",").number("0.125") == nil)
  }

  @Test("a row with more fields than the header is an error that names the likely cause; a trailing delimiter is not")
  func extraFields() throws {
    #expect(Self.message("date,value\n2020-01-01,1,234\n2020-02-01,2\n2020-03-01,3\n") == "data.csv, line 2: 3 fields separated by ',', but the header has 2. A number written with a thousands separator must be quoted (\"1,234\"); if the fields are separated by another character, name it with --delimiter.")
    #expect(try Self.read("date,value\n2020-01-01,1,\n2020-02-01,2,\n2020-03-01,3\n").values == [1, 2, 3])
  }

  @Test("ties between delimiters go to the one that cuts out dates; a comma file may hold quoted decimal commas")
  func ties() throws {
    let german = "Datum;Umsatz, EUR\n2020-01-01;1,5\n2020-02-01;2,5\n2020-03-01;3,5\n"
    #expect(try Self.read(german, CSVDialect(decimal: ",")).values == [1.5, 2.5, 3.5])
    #expect(Self.message(german).contains("pass --decimal ,"))
    let quoted = "date,value\n2020-01,\"1,5\"\n2020-02,\"2,5\"\n2020-03,\"3,5\"\n"
    #expect(try Self.read(quoted, CSVDialect(delimiter: ",", decimal: ",")).values == [1.5, 2.5, 3.5])
    #expect(try Self.read(quoted, CSVDialect(decimal: ",")).values == [1.5, 2.5, 3.5])
  }
}
