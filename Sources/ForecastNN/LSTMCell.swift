import ForecastKernels

/// The long short-term memory step (Hochreiter & Schmidhuber, 1997, with a forget gate,
/// Gers et al., 2000) exactly as Keras' `LSTMCell` computes it, gates ordered i, f, c, o:
///
///     i = σ(z_i)   f = σ(z_f)   g = act(z_c)   o = σ(z_o)      (z = xProj + rProj)
///     c_t = f ⊙ c_{t-1} + i ⊙ g
///     h_t = o ⊙ act(c_t)
public struct LSTMCell: RecurrentCell {
  public static let kerasName = "LSTM"
  public static let gateCount = 4
  public static let biasRows = 1
  public static let hasCellState = true
  /// Tape per unit: i, f, g, o, act(c_t).
  public static let tapeWidth = 5
  public static let projectionsShareGradient = true

  public var units: Int
  public var activation: Activation
  public var recurrentActivation: Activation

  /// A cell of `units` units.
  public init(units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid) {
    self.units = units
    self.activation = activation
    self.recurrentActivation = recurrentActivation
  }

  public func forwardStep(
    batch: Int, xProj: UnsafePointer<Float>, rProj: UnsafePointer<Float>,
    hPrev: UnsafePointer<Float>, cPrev: UnsafePointer<Float>,
    h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>,
    tape: UnsafeMutablePointer<Float>
  ) {
    let u = units
    for b in 0..<batch {
      CellKernels.lstmForward(
        units: u, x: xProj + b * 4 * u, r: rProj + b * 4 * u, cPrev: cPrev + b * u,
        c: c + b * u, h: h + b * u, tape: tape + b * 5 * u,
        activation: activation, recurrentActivation: recurrentActivation)
    }
  }

  public func backwardStep(
    batch: Int, tape: UnsafePointer<Float>,
    hPrev: UnsafePointer<Float>, cPrev: UnsafePointer<Float>, h: UnsafePointer<Float>,
    dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>,
    dXProj: UnsafeMutablePointer<Float>, dRProj: UnsafeMutablePointer<Float>,
    dhPrev: UnsafeMutablePointer<Float>
  ) {
    let u = units
    for b in 0..<batch {
      CellKernels.lstmBackward(
        units: u, tape: tape + b * 5 * u, cPrev: cPrev + b * u, dh: dh + b * u, dc: dc + b * u,
        dz: dXProj + b * 4 * u, activation: activation, recurrentActivation: recurrentActivation)
    }
    // Nothing bypasses the recurrent kernel.
    dhPrev.update(repeating: 0, count: batch * u)
  }
}
