import Foundation
import ForecastSeries

/// The accuracy set's folder (`../shared/bench/`): `dev-series.csv` (long format
/// `series,date,value`), `dev-index.json` (per series its `period` and `horizon`) and
/// `dev-anchors-mase.csv` (statsforecast's MASE per series and method).
struct AccuracySet {
  /// Per series: the horizon of its test part.
  var horizons: [String: Int]
  /// statsforecast's methods, in the file's column order.
  var anchorMethods: [String]
  /// Per series, per statsforecast method, its MASE on the test part.
  var anchors: [String: [String: Double]]
  /// The series file.
  var seriesPath: String

  /// Reads the set in `folder`.
  /// - Throws: `CLIError.input` naming the file and what is wrong with it.
  init(folder: String) throws {
    let url = URL(fileURLWithPath: folder)
    seriesPath = url.appendingPathComponent("dev-series.csv").path
    struct Entry: Decodable { var series: String; var horizon: Int }
    let indexURL = url.appendingPathComponent("dev-index.json")
    do {
      let entries = try JSONDecoder().decode([Entry].self, from: Data(contentsOf: indexURL))
      horizons = Dictionary(entries.map { ($0.series, $0.horizon) }, uniquingKeysWith: { first, _ in first })
    } catch {
      throw CLIError.input("\(indexURL.path) cannot be read as the accuracy set's index (a JSON list of {series, horizon}): \(error.localizedDescription)")
    }
    let anchorsPath = url.appendingPathComponent("dev-anchors-mase.csv").path
    guard let text = try? String(contentsOfFile: anchorsPath, encoding: .utf8) else {
      throw CLIError.input("\(anchorsPath) cannot be read; expected statsforecast's MASE per series (series,SeasonalNaive,…).")
    }
    let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    guard let header = lines.first, header.count >= 2 else {
      throw CLIError.input("\(anchorsPath) has no header line; expected series,SeasonalNaive,….")
    }
    anchorMethods = Array(header.dropFirst())
    anchors = [:]
    for (number, fields) in lines.dropFirst().enumerated() {
      guard fields.count == header.count, fields.dropFirst().allSatisfy({ Double($0) != nil }) else {
        throw CLIError.input("\(anchorsPath), line \(number + 2): expected a series name and \(header.count - 1) numbers.")
      }
      anchors[fields[0]] = Dictionary(uniqueKeysWithValues: zip(anchorMethods, fields.dropFirst().map { Double($0)! }))
    }
  }
}

/// statsforecast's interval scores per series (`series,method,coverage_80,coverage_95,msis`), as
/// `scripts/make-interval-anchors.py` writes them.
struct IntervalAnchors {
  /// Per method, per series: coverage at 80 and 95 percent, and MSIS at 95.
  var scores: [String: [String: (coverage80: Double, coverage95: Double, msis: Double)]] = [:]

  /// Reads the file at `path`.
  /// - Throws: `CLIError.input` naming the file and the line that is wrong.
  init(path: String) throws {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw CLIError.input("\(path) cannot be read; expected series,method,coverage_80,coverage_95,msis.")
    }
    for (number, line) in text.split(whereSeparator: \.isNewline).enumerated().dropFirst() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard fields.count == 5, let c80 = Double(fields[2]), let c95 = Double(fields[3]), let msis = Double(fields[4]) else {
        throw CLIError.input("\(path), line \(number + 1): expected a series, a method and three numbers.")
      }
      scores[fields[1], default: [:]][fields[0]] = (c80, c95, msis)
    }
  }

  /// The mean coverage (as fractions, keyed by level) and MSIS of `method` over `series`; nil when
  /// the file has no scores for it.
  func mean(method: String, series: [String]) -> (coverage: [Double: Double], msis: Double)? {
    let rows = series.compactMap { scores[method]?[$0] }
    guard !rows.isEmpty else { return nil }
    return ([80: Statistics.mean(rows.map(\.coverage80)), 95: Statistics.mean(rows.map(\.coverage95))], Statistics.mean(rows.map(\.msis)))
  }
}
