import CSV
import Foundation
import ForecastModels
import ForecastSeries

/// The output folder of a run over many series, in long format with the id column first:
/// `forecast.csv` (each series' test part: actual, forecast and interval bounds), `future.csv`
/// (the forecast past each series' end), `metrics.csv` (each series' accuracy beside seasonal
/// naive, or why it failed), `settings.json` (how the run was made) and `report.html` (built from
/// those files alone). Series come in the order of their ids, so the outputs of shards merge into
/// exactly the output of one unsharded run.
struct BatchOutput: Equatable {
  /// How the run was made.
  struct Settings: Codable, Equatable {
    var version = Forecast.version
    /// The CSV file's name (not its folders).
    var file: String
    var method: String
    /// `--test-size`, or nil for one season of each series.
    var testSize: Int?
    /// `--horizon`, or nil for each series' test size.
    var horizon: Int?
    var levels: [Double]
    /// The shard this folder holds (`2/4`), nil for all series.
    var shard: String?

    enum CodingKeys: String, CodingKey {
      case version, file, method, horizon, levels, shard
      case testSize = "test_size"
    }
  }

  /// A CSV file's header and its rows, each row's first field the series id.
  struct Table: Equatable {
    var header: [String]
    var rows: [[String]]
  }

  var settings: Settings
  var forecast: Table
  var future: Table
  var metrics: Table

  /// The files of a run over `outcomes`, with interval columns for `levels`.
  init(settings: Settings, outcomes: [BatchForecast.Outcome], intervals: IntervalOptions) {
    self.settings = settings
    forecast = Table(header: ["series", "date", "actual", "forecast"] + intervals.columns, rows: [])
    future = Table(header: ["series", "date", "forecast"] + intervals.columns, rows: [])
    metrics = Table(header: Self.metricsHeader, rows: [])
    for outcome in outcomes.sorted(by: { $0.id < $1.id }) {
      if let test = outcome.test, let result = outcome.testForecast {
        forecast.rows += test.dates.indices.map { step in
          [outcome.id, DateParsing.format(test.dates[step]), "\(test.values[step])", "\(result.values[step])"] + intervals.cells(result, step: step)
        }
      }
      if let result = outcome.future {
        future.rows += result.dates.indices.map { step in
          [outcome.id, DateParsing.format(result.dates[step]), "\(result.values[step])"] + intervals.cells(result, step: step)
        }
      }
      let scores = outcome.metrics.map { m in ["\(m.rmse)", "\(m.mae)", "\(m.mape)", "\(m.smape)", "\(m.mase)"] } ?? Array(repeating: "", count: 5)
      metrics.rows.append([outcome.id, settings.method] + scores + [outcome.baseline.map { "\($0.mase)" } ?? "", outcome.failure ?? ""])
    }
  }

  /// The files in `folder`, as a run over many series wrote them.
  /// - Throws: `CLIError.input` naming the file that is missing or malformed.
  init(reading folder: URL) throws {
    let settingsURL = folder.appendingPathComponent("settings.json")
    do {
      settings = try JSONDecoder().decode(Settings.self, from: Data(contentsOf: settingsURL))
    } catch {
      throw CLIError.input("\(settingsURL.path) cannot be read as the settings of a run over many series (is \(folder.path) the --output of `forecast run --id-column …`?): \(error.localizedDescription)")
    }
    let bounds = IntervalOptions.columns(for: settings.levels)
    forecast = try Self.read(folder.appendingPathComponent("forecast.csv"), header: ["series", "date", "actual", "forecast"] + bounds)
    future = try Self.read(folder.appendingPathComponent("future.csv"), header: ["series", "date", "forecast"] + bounds)
    metrics = try Self.read(folder.appendingPathComponent("metrics.csv"), header: Self.metricsHeader)
  }

  /// The columns of metrics.csv.
  static let metricsHeader = ["series", "method", "rmse", "mae", "mape", "smape", "mase", "seasonal_naive_mase", "error"]

  /// The outputs of several shards of one run joined into the output of the whole run.
  /// - Throws: `CLIError.input` when the parts were made with different settings or columns,
  ///   share a series, or are not every shard 1…N of one N once.
  init(merging parts: [(folder: String, output: BatchOutput)]) throws {
    guard let (firstFolder, first) = parts.first else { throw CLIError.input("forecast merge needs at least one folder.") }
    var whole = first.settings
    whole.shard = nil
    var owner: [String: String] = [:]
    for (folder, part) in parts {
      var settings = part.settings
      settings.shard = nil
      guard settings == whole else {
        throw CLIError.input("\(folder) was made with other settings than \(firstFolder) (compare their settings.json): shards of one run share the file, method, test size, horizon, levels and version.")
      }
      guard part.forecast.header == first.forecast.header, part.future.header == first.future.header, part.metrics.header == first.metrics.header else {
        throw CLIError.input("\(folder) has other CSV columns than \(firstFolder); shards of one run share their interval levels.")
      }
      for row in part.metrics.rows {
        if let other = owner[row[0]] {
          throw CLIError.input("The series '\(row[0])' is in both \(other) and \(folder); each series belongs to one shard. Merge the shards of one run only, each once.")
        }
        owner[row[0]] = folder
      }
    }
    try Self.checkComplete(parts)
    func joined(_ table: KeyPath<BatchOutput, Table>) -> Table {
      // Stable: each series' rows keep their order, and come from one part only.
      let rows = parts.flatMap { $0.output[keyPath: table].rows }.enumerated().sorted { ($0.element[0], $0.offset) < ($1.element[0], $1.offset) }
      return Table(header: first[keyPath: table].header, rows: rows.map(\.element))
    }
    settings = whole
    forecast = joined(\.forecast)
    future = joined(\.future)
    metrics = joined(\.metrics)
  }

  /// Writes every file, and the report built from them, into `directory`.
  func write(to directory: OutputDirectory) throws -> [String] {
    let files = [
      ("forecast.csv", Self.csv(forecast)), ("future.csv", Self.csv(future)), ("metrics.csv", Self.csv(metrics)),
      ("settings.json", String(decoding: try MetricsTable.jsonEncoder().encode(settings), as: UTF8.self) + "\n"),
      ("report.html", BatchReport(output: self).html()),
    ]
    try directory.write(files.map { (name: $0.0, contents: $0.1) }) { _ in }
    return files.map(\.0)
  }

  private static func csv(_ table: Table) -> String {
    ([table.header] + table.rows).map { $0.map(csvField).joined(separator: ",") + "\n" }.joined()
  }

  /// Refuses parts that are not each shard of one count exactly once (unsharded outputs merge
  /// only among themselves).
  private static func checkComplete(_ parts: [(folder: String, output: BatchOutput)]) throws {
    let shards = parts.map { part in part.output.settings.shard.flatMap { try? Shard(parsing: $0, environment: [:]) } }
    if shards.allSatisfy({ $0 == nil }) { return }
    guard let count = shards.first??.count, shards.allSatisfy({ $0?.count == count }) else {
      let named = zip(parts, shards).map { "\($0.folder) (\($1?.description ?? "all series"))" }.joined(separator: ", ")
      throw CLIError.input("The folders are shards of different splits: \(named). Merge the N shards of one run, each once.")
    }
    var seen: [Int: String] = [:]
    for (part, shard) in zip(parts, shards) {
      if let other = seen[shard!.index] { throw CLIError.input("\(other) and \(part.folder) are both shard \(shard!). Merge each shard once.") }
      seen[shard!.index] = part.folder
    }
    let missing = (1...count).filter { seen[$0] == nil }
    guard missing.isEmpty else {
      throw CLIError.input("Shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) \(missing.count == 1 ? "is" : "are") missing; a merge joins all \(count) shards of a run.")
    }
  }

  private static func read(_ url: URL, header expected: [String]) throws -> Table {
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
      throw CLIError.input("\(url.path) cannot be read; a run over many series writes it.")
    }
    do {
      let reader = try CSVReader(string: text, hasHeaderRow: true)
      let header = reader.headerRow ?? []
      guard header == expected else {
        throw CLIError.input("\(url.path) has the columns \(header.joined(separator: ",")); a run over many series with these settings writes \(expected.joined(separator: ",")).")
      }
      var rows: [[String]] = []
      while let row = reader.next() {
        guard row.count == header.count, !row[0].isEmpty else {
          throw CLIError.input("\(url.path), line \(rows.count + 2): expected \(header.count) fields starting with a series id, found \(row.count).")
        }
        rows.append(row)
      }
      return Table(header: header, rows: rows)
    } catch let error as CLIError {
      throw error
    } catch {
      throw CLIError.input("\(url.path) is not a CSV file: \(error).")
    }
  }
}

/// `text` as one CSV field: quoted when it holds a comma, a quote or a line break.
func csvField(_ text: String) -> String {
  text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
}
