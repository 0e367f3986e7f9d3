import Foundation

/// Everything that can go wrong in ForecastModels because of the data, the settings or a model
/// file — with what was expected, what was found, and what to do.
public enum ModelError: Error, Equatable, Sendable {
  /// `forecast` or `save` before `fit`.
  case notFitted(method: String)
  /// The series is too short, or otherwise unfit, for the method as configured.
  case unsuitableSeries(String)
  /// A setting outside what the method allows.
  case invalidSetting(String)
  /// A method name that the library does not have.
  case unknownMethod(name: String, available: [String])
  /// A model directory or file that cannot be read or written: the path and what is wrong.
  case modelFile(path: String, problem: String)
  /// A forecast that turned non-finite or left a sane range (`ForecastResult.checked`).
  /// `bound` names an interval's bound (`the 95% interval's upper bound`), nil for the forecast itself.
  case implausibleForecast(method: String, step: Int, date: String, value: Double, range: ClosedRange<Double>, bound: String? = nil)
}

extension ModelError: CustomStringConvertible, LocalizedError {
  public var description: String {
    switch self {
    case .notFitted(let method):
      return "The \(method) model has not been fitted: call fit(_:) on a training series first."
    case .unsuitableSeries(let message), .invalidSetting(let message):
      return message
    case .unknownMethod(let name, let available):
      return "There is no method '\(name)'; the methods are \(available.joined(separator: ", "))."
    case .modelFile(let path, let problem):
      return "\(path): \(problem)"
    case .implausibleForecast(let method, let step, let date, let value, let range, let bound):
      func number(_ x: Double) -> String { String(format: "%.6g", x) }
      let subject = bound.map { "The \(method) forecast's \($0)" } ?? "The \(method) forecast"
      let what = value.isFinite
        ? "left a sane range at step \(step) (\(date)): \(number(value)) is more than ten times the size of the training values (\(number(range.lowerBound)) to \(number(range.upperBound))) away from them"
        : "turned \(value.isNaN ? "NaN" : "infinite") at step \(step) (\(date))"
      return "\(subject) \(what). The model is diverging this far ahead: forecast fewer steps, or fit it again on recent data."
    }
  }

  public var errorDescription: String? { description }
}
