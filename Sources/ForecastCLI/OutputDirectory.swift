import Foundation

/// A folder that receives output files, each written whole: to a temporary file, then renamed.
struct OutputDirectory {
  let url: URL

  /// Creates the folder (and its parents) or explains why it cannot.
  init(path: String) throws(CLIError) {
    url = URL(fileURLWithPath: path)
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
      throw .output("\(path) exists and is a file, not a folder. Choose another --output.")
    }
    do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
      throw .output("Cannot create the output folder \(path): \(Self.reason(creating: url)). Choose a writable --output.")
    }
    guard FileManager.default.isWritableFile(atPath: path) else {
      throw .output("The output folder \(path) is not writable. Choose a writable --output.")
    }
  }

  /// Why a folder cannot be created: the nearest existing ancestor is a file, or is not writable.
  private static func reason(creating url: URL) -> String {
    var ancestor = url.deletingLastPathComponent()
    var isDirectory: ObjCBool = false
    while !FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) && ancestor.path != "/" {
      ancestor = ancestor.deletingLastPathComponent()
    }
    if !isDirectory.boolValue { return "\(ancestor.path) is a file, not a folder" }
    if !FileManager.default.isWritableFile(atPath: ancestor.path) { return "\(ancestor.path) is not writable" }
    return "the file system refused"
  }

  /// Writes `text` to `name` inside the folder, whole or not at all.
  func write(_ text: String, to name: String) throws(CLIError) {
    let target = url.appendingPathComponent(name)
    do { try Data(text.utf8).write(to: target, options: .atomic) } catch {
      throw .output("Cannot write \(target.path): \(error.localizedDescription).")
    }
  }
}

/// Errors of the command line itself (as opposed to the data's or the model's).
enum CLIError: Error, CustomStringConvertible, LocalizedError {
  /// An output file or folder that cannot be written.
  case output(String)
  /// An input file other than the series that cannot be used.
  case input(String)

  var description: String {
    switch self {
    case .output(let message), .input(let message): message
    }
  }

  var errorDescription: String? { description }
}
