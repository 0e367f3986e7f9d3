import Foundation
import ForecastModels
import ForecastSeries
import Testing
@testable import ForecastCLI

/// The commands run in-process, on small data and few units so a debug build stays quick.
@Suite("forecast commands")
struct CommandTests {
  static func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("forecast-cli-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Runs `forecast ARGS` and returns what it printed, or throws what it threw.
  static func run(_ arguments: [String]) throws -> String {
    var command = try Forecast.parseAsRoot(arguments)
    return try Console.capturing { try command.run() }.text
  }

  /// The message a failing command shows (as ArgumentParser prints it).
  static func failure(_ arguments: [String]) -> String {
    do {
      let output = try run(arguments)
      return "no error; printed: \(output.prefix(200))"
    } catch {
      return Forecast.message(for: error)
    }
  }

  /// A monthly CSV in the layout of the airline passengers data: `Month,Passengers`, `1949-01`.
  static func passengersCSV(in directory: URL) -> String {
    let values = (0..<48).map { 112 + 2 * $0 + Int(20 * sin(Double($0) * .pi / 6)) }
    let rows = values.enumerated().map { String(format: "%04d-%02d,%d", 1949 + $0.offset / 12, $0.offset % 12 + 1, $0.element) }
    let path = directory.appendingPathComponent("passengers.csv").path
    try! (["Month,Passengers"] + rows).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  static let small = ["--units", "8", "--epochs", "2", "--batch-size", "8"]

  @Test("run writes every output and prints the tour in order")
  func runWritesOutputs() throws {
    let directory = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let output = directory.appendingPathComponent("out").path
    let printed = try Self.run(["run", "--output", output] + Self.small)
    for file in ["report.html", "series.svg", "decomposition.svg", "loss.svg", "forecast.svg", "future.svg", "forecast.csv", "future.csv", "metrics.json", "model/model.json", "model/weights.safetensors"] {
      #expect(FileManager.default.fileExists(atPath: output + "/" + file), "\(file)")
    }
    let order = ["Production", "Frequency: MS", "Decomposition (additive, period 12)", "Total params: 329 ", "Epoch 1/2", "Forecast of the last 12", "seasonal naive", "Wrote"]
    let positions = order.map { printed.range(of: $0)?.lowerBound }
    #expect(positions.allSatisfy { $0 != nil }, "\(printed)")
    #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    let csv = try String(contentsOfFile: output + "/forecast.csv", encoding: .utf8).split(separator: "\n")
    #expect(csv.first == "date,actual,forecast,lower_80,upper_80,lower_95,upper_95" && csv.count == 13 && csv[1].hasPrefix("1975-01-01,834.0,"))
    // The future: refitted on all 168 months, 1976 with both interval levels, each band inside the wider one.
    let future = try String(contentsOfFile: output + "/future.csv", encoding: .utf8).split(separator: "\n")
    #expect(future.first == "date,forecast,lower_80,upper_80,lower_95,upper_95" && future.count == 13)
    #expect(future[1].hasPrefix("1976-01-01,") && future[12].hasPrefix("1976-12-01,"))
    for row in future.dropFirst() {
      let v = row.split(separator: ",").dropFirst().map { Double($0)! }
      #expect(v[3] < v[1] && v[1] < v[0] && v[0] < v[2] && v[2] < v[4], "\(row)")
    }
    let html = try String(contentsOfFile: output + "/report.html", encoding: .utf8)
    // Eight charts (future, test part, three of residuals, series, decomposition, loss), each drawn
    // twice: for a wide screen and a narrow one.
    #expect(html.components(separatedBy: "<svg").count - 1 == 16 && html.contains("80% interval") && html.contains("<polygon"))
    // Self-contained: the only URL is SVG's namespace, never something to load.
    let urls = html.components(separatedBy: "http").count - 1
    #expect(urls == html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1, "\(urls) URLs")
    #expect(!html.contains("src=") && !html.contains("<link") && !html.contains("@import"))
    #expect(html.components(separatedBy: "url(").count == html.components(separatedBy: "url(#").count)
    let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/metrics.json"))) as! [String: Any]
    #expect(metrics["method"] as? String == "lstm")
    #expect((metrics["comparisons"] as? [String: Any])?.keys.sorted() == ForecastMethod.comparisons.map(\.displayName).sorted())
  }

  @Test("a monthly CSV it has never seen: Month,Passengers with dates like 1949-01")
  func passengers() throws {
    let directory = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let csv = Self.passengersCSV(in: directory)
    let output = directory.appendingPathComponent("out").path
    _ = try Self.run(["--csv", csv, "--output", output, "--quiet"] + Self.small)
    let lines = try String(contentsOfFile: output + "/forecast.csv", encoding: .utf8).split(separator: "\n")
    #expect(lines[1].hasPrefix("1952-01-01,") && lines[12].hasPrefix("1952-12-01,"))
  }

  @Test("train, then predict, evaluate and summary read the saved model")
  func trainPredictEvaluate() throws {
    let directory = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let model = directory.appendingPathComponent("model").path
    _ = try Self.run(["train", "--save-model", model, "--cell", "gru", "--quiet"] + Self.small)
    let predicted = try Self.run(["predict", "--model", model, "--horizon", "3"]).split(separator: "\n")
    #expect(predicted.count == 4 && predicted[0] == "date,forecast,lower_80,upper_80,lower_95,upper_95" && predicted[1].hasPrefix("1976-01-01,"))
    let evaluated = try Self.run(["evaluate", "--model", model, "--test-size", "12"])
    #expect(evaluated.contains("lstm") && evaluated.contains("seasonal naive") && evaluated.contains("MASE"))
    let summary = try Self.run(["summary", "--model", model])
    #expect(summary.contains("gru (GRU)") && summary.contains("Trained: gru, 2 epochs"))
    #expect(summary.contains("Method lstm, fitted on 156 observations of 'Production' (MS, period 12) up to 1974-12-01."))
  }

  @Test("head and decompose print pandas' head and statsmodels' components")
  func headAndDecompose() throws {
    let head = try Self.run(["head", "-n", "3"])
    #expect(head.hasPrefix("            Production\nDate                  \n1962-01-01         589"))
    #expect(head.contains("168 rows"))
    let csv = try Self.run(["decompose", "--period", "12"]).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(csv[0] == "date,observed,trend,seasonal,resid" && csv.count == 169)
    #expect(csv[1].hasPrefix("1962-01-01,589.0,,") && csv[7].split(separator: ",").count == 5)
  }

  @Test("stacked layers, other cells and tanh train; predict prints a table")
  func variants() throws {
    let directory = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let model = directory.appendingPathComponent("model").path
    _ = try Self.run(["train", "--save-model", model, "--cell", "rnn", "--layers", "2", "--activation", "tanh", "--quiet"] + Self.small)
    let summary = try Self.run(["summary", "--model", model])
    #expect(summary.contains("simple_rnn (SimpleRNN)") && summary.contains("simple_rnn_1 (SimpleRNN)") && summary.contains("(None, 12, 8)"))
    let table = try Self.run(["predict", "--model", model, "--horizon", "2", "--format", "table"])
    #expect(table.hasPrefix("date        forecast") && table.contains("1976-02-01"))
  }

  @Test("decompose: multiplicative with extrapolated trend, as a table")
  func decomposeTable() throws {
    let table = try Self.run(["decompose", "--model", "multiplicative", "--extrapolate-trend", "11", "--format", "table"])
    #expect(table.contains("1962-01-01") && !table.contains("NaN"))
    #expect(table.contains("Decomposition (multiplicative, period 12)"))
  }

  @Test("bench reports seconds per epoch as JSON")
  func bench() throws {
    let json = try Self.run(["bench", "--units", "4", "--steps", "3", "--samples", "8", "--epochs", "1", "--format", "json"])
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    // The rates agree with each other: 8 samples an epoch, 3 × 2 × 4U(F + U) × T × N flops each.
    let seconds = try #require(object["s_per_epoch"] as? Double)
    let perSecond = try #require(object["samples_per_second"] as? Double)
    let gflops = try #require(object["gflops"] as? Double)
    let flops: Double = 3 * 2 * 4 * 4 * (1 + 4) * 3 * 8  // U 4, F 1, T 3, N 8
    #expect(seconds > 0 && seconds < 10)
    #expect(abs(perSecond * seconds - 8) < 1e-6 * 8)
    #expect(abs(gflops * seconds * 1e9 - flops) < 1e-6 * flops)
  }

  @Test("bench counts the timed epochs' steps by the threads they ran on")
  func benchThreads() throws {
    func counts(_ arguments: [String]) throws -> [Int] {
      let json = try Self.run(["bench", "--units", "5", "--steps", "5", "--format", "json"] + arguments)
      let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
      return ["steps_unsplit", "steps_on_one_thread", "steps_on_two_threads"].map { object[$0] as? Int ?? -1 }
    }
    // Shapes no other test trains, too small to split (2 × 4U × U = 200 multiply-adds a step):
    // 7 samples in batches of 2 (three of 2, one of 1), two timed epochs after the warm-up one;
    // then a batch larger than the samples, which fit makes one batch of 7.
    #expect(try counts(["--samples", "7", "--batch-size", "2", "--epochs", "2"]) == [8, 0, 0])
    #expect(try counts(["--samples", "7", "--batch-size", "10", "--epochs", "3"]) == [3, 0, 0])
    let table = try Self.run(["bench", "--units", "5", "--steps", "5", "--samples", "7", "--batch-size", "2", "--epochs", "2"])
    #expect(table.contains("Steps of the timed epochs: 8 too small to split, 0 on one thread by the thread choice, 0 given two."))
    // Fewer than 4 units train layer by layer: no fused step to count, and no line for them.
    let layered = try Self.run(["bench", "--units", "3", "--steps", "5", "--samples", "7", "--epochs", "1"])
    #expect(!layered.contains("Steps of the timed epochs"))
  }

  @Test("bad input gets one plain sentence, never a trap")
  func badInput() throws {
    let directory = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let bad = directory.appendingPathComponent("bad.csv").path
    try "Date,Value\n2020-01-01,1\n2020-02-01,x\n".write(toFile: bad, atomically: true, encoding: .utf8)
    let short = directory.appendingPathComponent("short.csv").path
    let shortRows: [String] = (0..<20).map { (i: Int) -> String in
      String(format: "%04d-%02d-01,%d", 2020 + i / 12, i % 12 + 1, i)
    }
    try (["Date,Value"] + shortRows).joined(separator: "\n").write(toFile: short, atomically: true, encoding: .utf8)
    let file = directory.appendingPathComponent("file").path
    try "x".write(toFile: file, atomically: true, encoding: .utf8)

    #expect(Self.failure(["--csv", directory.path + "/missing.csv"]).contains("missing.csv: no such file"))
    #expect(Self.failure(["head", "--csv", BundledData.milkProductionPath, "--value-column", "Prod"]).contains("its columns are 'Date', 'Production'"))
    #expect(Self.failure(["head", "--csv", bad]).contains("bad.csv, line 3, column 'Value': expected a number, found 'x'"))
    #expect(Self.failure(["--csv", short, "--output", directory.path + "/o"]).contains("needs at least 13 to train on (a full window and its targets); the training part has 8. Use a smaller window. The training part is the series' 20 observations less the last 12"))
    #expect(Self.failure(["--output", file + "/sub"] + Self.small).hasSuffix("file is a file, so the folder sub cannot be created inside it. Choose another --output."))
    #expect(Self.failure(["--epochs=-1"]).contains("The number of epochs must be between 0 and 100000, received -1."))
    #expect(Self.failure(["--cell", "transformer"]).contains("transformer"))
    #expect(Self.failure(["predict", "--model", directory.path]).contains("model.json: does not exist"))
  }

  @Test("--method chooses the forecaster: a classical or baseline run writes no loss chart and names its method")
  func methods() throws {
    let directory = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let output = directory.appendingPathComponent("out").path
    let printed = try Self.run(["run", "--method", "seasonal-naive", "--output", output])
    #expect(printed.contains("Method: seasonal-naive.") && !printed.contains("Epoch 1/"))
    #expect(!FileManager.default.fileExists(atPath: output + "/loss.svg"))
    let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/metrics.json"))) as! [String: Any]
    #expect(metrics["method"] as? String == "seasonal-naive" && metrics["training"] == nil)
    #expect((metrics["comparisons"] as? [String: Any])?.keys.sorted() == ForecastMethod.comparisons.filter { $0 != .seasonalNaive }.map(\.displayName).sorted())
    let model = output + "/model"
    let predicted = try Self.run(["predict", "--model", model, "--horizon", "2"])
    #expect(predicted.hasPrefix("date,forecast,lower_80,upper_80,lower_95,upper_95\n1976-01-01,834.0,") && predicted.contains("\n1976-02-01,782.0,"))
    let evaluated = try Self.run(["evaluate", "--model", model, "--format", "json"])
    #expect(evaluated.contains("\"seasonal-naive\"") && evaluated.contains("\"drift\""))
    #expect(try Self.run(["summary", "--model", model]).contains("Method seasonal-naive, fitted on 168 observations"))
    #expect(Self.failure(["--method", "tutorial", "--units", "8"]).contains("use --method lstm to change it"))
    #expect(Self.failure(["--method", "prophet"]).contains("prophet"))
  }

  @Test("backtest compares methods over the series of a long-format CSV, beside an accuracy set's anchors")
  func backtest() throws {
    let directory = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var rows = ["series,date,value"]
    for (id, slope) in [("x", 0.5), ("y", 2.0)] {
      for i in 0..<40 {
        let value: Double = 50 + slope * Double(i) + 8 * sin(Double(i) * .pi / 6)
        rows.append(String(format: "%@,%04d-%02d-01,%.3f", id, 2000 + i / 12, i % 12 + 1, value))
      }
    }
    let csv = directory.appendingPathComponent("dev-series.csv").path
    try rows.joined(separator: "\n").write(toFile: csv, atomically: true, encoding: .utf8)
    try #"[{"series": "x", "period": 12, "horizon": 12, "n": 40}, {"series": "y", "period": 12, "horizon": 6, "n": 40}]"#
      .write(toFile: directory.appendingPathComponent("dev-index.json").path, atomically: true, encoding: .utf8)
    try "series,SeasonalNaive,AutoETS\nx,1.0,0.5\ny,1.0,0.7\n"
      .write(toFile: directory.appendingPathComponent("dev-anchors-mase.csv").path, atomically: true, encoding: .utf8)

    let table = try Self.run(["backtest", "--accuracy-set", directory.path, "--method", "seasonal-naive,naive"])
    #expect(table.contains("Backtest of 2 series, 1 origin each, horizon 6, 12"))
    #expect(table.contains("statsforecast AutoETS") && table.contains("0.600"))
    let seasonalRow = table.split(separator: "\n").first { $0.hasPrefix("seasonal-naive ") }.map(String.init) ?? ""
    #expect(seasonalRow.contains(" 2 ") && seasonalRow.contains("1.000"), "\(table)")

    let lines = try Self.run(["backtest", "--csv", csv, "--id-column", "series", "--method", "naive", "--test-size", "6", "--origins", "3", "--format", "csv"])
      .split(separator: "\n")
    #expect(lines.count == 7 && lines[0] == "series,method,origin,rmse,mae,mape,smape,mase,error")
    #expect(lines[1].hasPrefix("x,naive,1,") && lines[6].hasPrefix("y,naive,3,"))
    let json = try Self.run(["backtest", "--csv", csv, "--id-column", "series", "--method", "drift", "--origins", "40", "--format", "json"])
    #expect(json.contains("\"failures\" : 2") && json.contains("would leave no training data"))
    #expect(Self.failure(["backtest", "--method", "naive,foo"]).contains("There is no method 'foo'"))
  }

  @Test("guards: a runaway forecast, data the model was not fitted on, and zero epochs are refused by name")
  func guards() throws {
    let directory = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let model = directory.appendingPathComponent("model").path
    _ = try Self.run(["train", "--save-model", model, "--method", "drift", "--test-size", "0"])
    // Drift on milk rises 1.5 a month: after 6,315 months the upper bound of its 50% interval is
    // more than ten times the data's size away from the data.
    #expect(Self.failure(["predict", "--model", model, "--horizon", "8000", "--level", "50"]) == "The drift forecast's 50% interval's upper bound left a sane range at step 6315 (2502-03-01): 10659.1 is more than ten times the size of the training values (553 to 969) away from them. The model is diverging this far ahead: forecast fewer steps, or fit it again on recent data.")
    #expect(try Self.run(["predict", "--model", model, "--horizon", "6314", "--level", "50"]).split(separator: "\n").count == 6315)
    let daily = directory.appendingPathComponent("daily.csv").path
    var days = ["Day,Visits"]
    for day in 1...28 { days.append(String(format: "2024-01-%02d,%d", day, 100 + day % 7)) }
    try days.joined(separator: "\n").write(toFile: daily, atomically: true, encoding: .utf8)
    #expect(Self.failure(["predict", "--model", model, "--csv", daily]).contains(
      "The model was fitted on 'Production', monthly (month start) (MS) data, but this series is 'Visits', daily (D)."))
    #expect(try Self.run(["predict", "--model", model, "--csv", daily, "--allow-mismatch", "--horizon", "2"]).contains("2024-01-29,"))
    #expect(Self.failure(["evaluate", "--model", model, "--csv", daily]).contains("pass --allow-mismatch"))
    #expect(Self.failure(["--epochs", "0"]).contains("--epochs must be at least 1"))
  }

  @Test("a newcomer's first hour: defaults follow the season, negative values parse, help lists what is accepted, --version, settings and residuals")
  func newcomer() throws {
    let directory = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // A daily series with a weekly season: the test part and the horizon are one week.
    var rows = ["Day,Visits"]
    for day in 0..<140 {
      let date = Calendar(identifier: .gregorian).date(byAdding: .day, value: day, to: DateParsing.parse("2024-01-01")!)!
      rows.append("\(DateParsing.format(date)),\(100 + 20 * (day % 7 == 5 ? 1 : 0) + day / 10)")
    }
    let daily = directory.appendingPathComponent("visits.csv").path
    try rows.joined(separator: "\n").write(toFile: daily, atomically: true, encoding: .utf8)
    let output = directory.appendingPathComponent("out").path
    let printed = try Self.run(["--csv", daily, "--method", "ets", "--output", output])
    #expect(printed.contains("Testing on the last 7 observations (one season of 7), then forecasting 7 past the end (the test size)."))
    #expect(printed.contains("Fitted on the first 133 observations: ETS("))
    let future = try String(contentsOfFile: output + "/future.csv", encoding: .utf8).split(separator: "\n")
    #expect(future.count == 8 && future[1].hasPrefix("2024-05-20,"))
    // The residual is actual − forecast.
    let test = try String(contentsOfFile: output + "/forecast.csv", encoding: .utf8).split(separator: "\n")[1].split(separator: ",")
    let (actual, forecast) = (Double(test[1])!, Double(test[2])!)
    #expect(printed.contains("residual") && printed.contains(fixed(actual - forecast)))
    let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/metrics.json"))) as! [String: Any]
    let settings = try #require(metrics["settings"] as? [String: Any])
    #expect(settings["file"] as? String == "visits.csv" && settings["test_size"] as? Int == 7 && settings["method"] as? String == "ets")
    #expect((metrics["data"] as? [String: Any])?["csv"] as? String == "visits.csv")
    let html = try String(contentsOfFile: output + "/report.html", encoding: .utf8)
    #expect(!html.contains(directory.path) && html.contains("Settings") && html.contains("Residual diagnostics"))

    #expect(Self.failure(["--learning-rate", "-1"]).contains("The learning rate must be between 1e-08 and 1.0 (the network computes in 32-bit floats), received -1.0."))
    #expect(Self.failure(["--test-size", "-3"]).contains("--test-size must be at least 1, received -3."))
    #expect(Self.failure(["decompose", "--format", "json"]).contains("json"))
    #expect(Forecast.helpMessage(for: DecomposeCommand.self).contains("(values: table, csv;"))
    #expect(Forecast.helpMessage(for: EvaluateCommand.self).contains("(values: table, json;"))
    #expect(Forecast.configuration.version == Forecast.version && !Forecast.version.isEmpty)
  }
}

