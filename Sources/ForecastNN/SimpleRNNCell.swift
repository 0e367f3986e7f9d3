import ForecastKernels

/// The fully connected recurrent step of Keras' `SimpleRNNCell` (Elman, 1990):
///
///     h_t = act(xProj + rProj)
public struct SimpleRNNCell: RecurrentCell {
  public static let kerasName = "SimpleRNN"
  public static let gateCount = 1
  public static let biasRows = 1
  public static let hasCellState = false
  /// The output h_t is all the backward step needs, and the driver keeps it.
  public static let tapeWidth = 0
  public static let projectionsShareGradient = true

  public var units: Int
  public var activation: Activation
  /// Unused: a simple RNN has no gates. Kept so the cell fits `RecurrentCell`.
  public var recurrentActivation: Activation { .sigmoid }

  /// A cell of `units` units.
  public init(units: Int, activation: Activation = .tanh) {
    self.units = units
    self.activation = activation
  }

  public func forwardStep(
    batch: Int, xProj: UnsafePointer<Float>, rProj: UnsafePointer<Float>,
    hPrev: UnsafePointer<Float>, cPrev: UnsafePointer<Float>,
    h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>,
    tape: UnsafeMutablePointer<Float>
  ) {
    for i in 0..<batch * units { h[i] = xProj[i] + rProj[i] }
    activation.apply(h, count: batch * units)
  }

  public func backwardStep(
    batch: Int, tape: UnsafePointer<Float>,
    hPrev: UnsafePointer<Float>, cPrev: UnsafePointer<Float>, h: UnsafePointer<Float>,
    dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>,
    dXProj: UnsafeMutablePointer<Float>, dRProj: UnsafeMutablePointer<Float>,
    dhPrev: UnsafeMutablePointer<Float>
  ) {
    for i in 0..<batch * units { dXProj[i] = dh[i] * activation.derivative(output: h[i]) }
    dhPrev.update(repeating: 0, count: batch * units)
  }
}
