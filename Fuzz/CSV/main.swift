import Foundation
import ForecastSeries

/// One fuzzing input: the input as a CSV file, read as `forecast --csv` reads one (the first
/// numeric column), then again with gaps filled, and the dates after it. A thrown `SeriesError`
/// is a correct answer; a trap, a sanitizer report, a timeout or running out of memory is a finding.
func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data else { return 0 }
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  for options in [CSVOptions(), CSVOptions(fillGaps: true)] {
    guard let series = try? TimeSeries.read(csvText: text, name: "fuzz.csv", options: options) else { continue }
    _ = try? series.split(testSize: series.count / 4)
    _ = try? series.futureDates(3)
  }
  return 0
}

/// libFuzzer's driver (from `-sanitize=fuzzer`), run from this executable's own entry point: it
/// parses libFuzzer's command line and calls `fuzzCSV` with each input.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
  _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argc, &argv, fuzzCSV))
