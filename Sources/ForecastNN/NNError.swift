import Foundation

/// Everything that can go wrong in ForecastNN because of the data, the configuration or a
/// model file — as opposed to programming errors, which are preconditions.
public enum NNError: Error, Equatable, Sendable {
  /// The input's shape does not fit the model.
  case inputShapeMismatch(expected: [Int], found: [Int])
  /// A batch, data set or target set had no samples.
  case emptyInput(String)
  /// Inputs and targets disagree in count or shape.
  case targetMismatch(String)
  /// A layer or option that cannot be built as given.
  case invalidConfiguration(String)
  /// The loss became NaN or infinite; the model keeps the weights from before that step.
  case nonFiniteLoss(epoch: Int, step: Int, value: Float)
  /// A model directory or file that cannot be read or written: the path and what is wrong.
  case modelFile(path: String, problem: String)
}

extension NNError: CustomStringConvertible, LocalizedError {
  public var description: String {
    switch self {
    case .inputShapeMismatch(let expected, let found):
      return "Input has shape \(Self.shape(found)) (batch first), but the model expects "
        + "\(Self.shape([nil] + expected.map { $0 })). Reshape the input or rebuild the model "
        + "with the input shape of the data."
    case .emptyInput(let what):
      return "\(what) is empty: at least one sample is needed."
    case .targetMismatch(let problem):
      return problem
    case .invalidConfiguration(let problem):
      return problem
    case .nonFiniteLoss(let epoch, let step, let value):
      return "The loss became \(value) at epoch \(epoch), step \(step), so training stopped there. Lower the "
        + "learning rate, clip the gradients or scale the data."
    case .modelFile(let path, let problem):
      return "\(path): \(problem)"
    }
  }

  public var errorDescription: String? { description }

  static func shape(_ dims: [Int]) -> String { shape(dims.map { Optional($0) }) }
  static func shape(_ dims: [Int?]) -> String {
    "(" + dims.map { $0.map(String.init) ?? "None" }.joined(separator: ", ")
      + (dims.count == 1 ? ",)" : ")")
  }
}
