import Foundation

/// Plain words for why a JSON file could not be decoded, shared by the modules that read model
/// files: the field's path, what it should hold and what it held — "'layers.0.activation' is
/// 'softmax'; expected one of linear, relu, …" rather than "Cannot initialize Activation from
/// invalid String value softmax" or "Unkeyed container is at end.".
package enum DecodingProblem {
  /// What is wrong, for `error` thrown by `JSONDecoder`; `names` lists the accepted values of the
  /// enumerations the file holds, by type name (`["Activation": ["linear", "relu", …]]`).
  package static func describe(_ error: any Error, names: [String: [String]] = [:]) -> String {
    func path(_ codingPath: [any CodingKey]) -> String {
      codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        .replacingOccurrences(of: ".[", with: "[")
    }
    switch error {
    case DecodingError.keyNotFound(let key, let context):
      return "missing field '\(path(context.codingPath + [key]))'"
    case DecodingError.valueNotFound(let type, let context):
      if context.debugDescription.contains("at end") {
        let index = context.codingPath.last?.intValue
        let list = index == nil ? context.codingPath : Array(context.codingPath.dropLast())
        return "'\(path(list))' has too few elements" + (index.map { ": it has no element \($0)" } ?? "")
      }
      return "'\(path(context.codingPath))' is null, expected \(describe(type))"
    case DecodingError.typeMismatch(let type, let context):
      return "'\(path(context.codingPath))' should hold \(describe(type))"
    case DecodingError.dataCorrupted(let context):
      let field = path(context.codingPath)
      if let (type, value) = invalidRawValue(context.debugDescription) {
        let accepted = names[type].map { "; expected one of \($0.joined(separator: ", "))" } ?? ""
        return "'\(field)' is '\(value)', which is not a valid \(type)\(accepted)"
      }
      if field.isEmpty {
        return "the file is not valid JSON (\(context.underlyingError.map { ($0 as NSError).localizedDescription } ?? context.debugDescription))"
      }
      return "'\(field)': \(context.debugDescription)"
    default:
      return (error as NSError).localizedDescription
    }
  }

  /// The type and value of the standard library's "Cannot initialize T from invalid String
  /// value v" message.
  private static func invalidRawValue(_ message: String) -> (type: String, value: String)? {
    guard message.hasPrefix("Cannot initialize "), let from = message.range(of: " from invalid "),
          let value = message.range(of: " value ", range: from.upperBound..<message.endIndex)
    else { return nil }
    let type = String(message[message.index(message.startIndex, offsetBy: 18)..<from.lowerBound])
    return (type, String(message[value.upperBound...].prefix(80)))
  }

  private static func describe(_ type: Any.Type) -> String {
    switch type {
    case is Int.Type, is UInt64.Type, is Int64.Type: return "a whole number"
    case is Double.Type, is Float.Type: return "a number"
    case is String.Type: return "a string"
    case is Bool.Type: return "true or false"
    default:
      let name = "\(type)"
      if name.hasPrefix("Array") { return "a list" }
      if name.hasPrefix("Dictionary") { return "an object" }
      return "a \(name)"
    }
  }
}
