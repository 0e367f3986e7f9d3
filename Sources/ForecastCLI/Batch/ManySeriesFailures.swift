/// The series a command over many series could not handle; the command fails when there are any,
/// after doing the others.
struct ManySeriesFailures {
  var lines: [String]
  var verb: String

  init(_ lines: [String], verb: String) {
    self.lines = lines
    self.verb = verb
  }

  /// Prints the failures (the first 20) and throws when there are any.
  func check() throws {
    guard !lines.isEmpty else { return }
    for line in lines.prefix(20) { Console.error(line) }
    if lines.count > 20 { Console.error("… and \(lines.count - 20) more.") }
    throw CLIError.input("\(lines.count) series could not be \(verb); the others were. The reasons are listed above.")
  }
}
