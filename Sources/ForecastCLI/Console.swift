import Foundation

/// Where commands write their standard output: the process' stdout, or, inside
/// `Console.capturing`, a buffer (so tests run commands in-process and read what they printed).
public enum Console {
  /// Collects printed lines, safe to share across threads.
  public final class Buffer: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    /// An empty buffer.
    public init() {}

    func append(_ line: String) { lock.withLock { lines.append(line) } }

    /// Everything printed, one line per element.
    public var text: String { lock.withLock { lines.joined(separator: "\n") } }
  }

  @TaskLocal static var buffer: Buffer?

  /// Prints a line to the current destination.
  static func print(_ text: String) {
    if let buffer { buffer.append(text) } else { Swift.print(text) }
  }

  /// Prints a line to standard error (to the buffer, when capturing): notes beside machine-readable output.
  static func error(_ text: String) {
    if let buffer { buffer.append(text) } else { FileHandle.standardError.write(Data((text + "\n").utf8)) }
  }

  /// Runs `body` with output collected into a new buffer, and returns the buffer.
  public static func capturing(_ body: () throws -> Void) rethrows -> Buffer {
    let buffer = Buffer()
    try $buffer.withValue(buffer) { try body() }
    return buffer
  }
}
