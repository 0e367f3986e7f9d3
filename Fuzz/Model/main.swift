import Foundation
import ForecastModels

/// The model directory each input is written to: one per fuzzing process.
nonisolated(unsafe) let directory: URL = {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("forecast-fuzz-model-\(getpid())")
  try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}()

/// One fuzzing input: the input is a model directory — model.json, then a NUL byte, then
/// weights.safetensors (no weights file without the NUL) — loaded as `forecast predict` loads
/// one, and asked for three steps. A thrown error is a correct answer; a trap, a sanitizer report,
/// a timeout or running out of memory is a finding.
func fuzzModel(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data else { return 0 }
  let bytes = Data(bytes: data, count: size)
  let split = bytes.firstIndex(of: 0)
  let manifest = split.map { bytes[..<$0] } ?? bytes
  let weightsURL = directory.appendingPathComponent("weights.safetensors")
  try? manifest.write(to: directory.appendingPathComponent(ModelDirectory.manifestFileName))
  if let split {
    try? bytes[(split + 1)...].write(to: weightsURL)
  } else {
    try? FileManager.default.removeItem(at: weightsURL)
  }
  if let model = try? ForecastMethod.load(from: directory) {
    _ = try? model.forecast(horizon: 3)
  }
  return 0
}

/// libFuzzer's driver (from `-sanitize=fuzzer`), run from this executable's own entry point: it
/// parses libFuzzer's command line and calls `fuzzModel` with each input.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
  _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argc, &argv, fuzzModel))
