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
      let x = xProj + b * 4 * u, r = rProj + b * 4 * u, t = tape + b * 5 * u
      let cp = cPrev + b * u, cb = c + b * u, hb = h + b * u
      // The gates' pre-activations go straight into the tape, activated there in place.
      for j in 0..<4 * u { t[j] = x[j] + r[j] }
      recurrentActivation.apply(t, count: 2 * u)  // i, f
      activation.apply(t + 2 * u, count: u)  // g
      recurrentActivation.apply(t + 3 * u, count: u)  // o
      for j in 0..<u {
        cb[j] = t[u + j] * cp[j] + t[j] * t[2 * u + j]
        t[4 * u + j] = cb[j]
      }
      activation.apply(t + 4 * u, count: u)  // act(c_t)
      for j in 0..<u { hb[j] = t[3 * u + j] * t[4 * u + j] }
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
      let t = tape + b * 5 * u, cp = cPrev + b * u, dhb = dh + b * u, dcb = dc + b * u
      let dz = dXProj + b * 4 * u
      for j in 0..<u {
        let i = t[j], f = t[u + j], g = t[2 * u + j], o = t[3 * u + j], ac = t[4 * u + j]
        let dcTotal = dcb[j] + dhb[j] * o * activation.derivative(output: ac)
        dz[j] = dcTotal * g * recurrentActivation.derivative(output: i)
        dz[u + j] = dcTotal * cp[j] * recurrentActivation.derivative(output: f)
        dz[2 * u + j] = dcTotal * i * activation.derivative(output: g)
        dz[3 * u + j] = dhb[j] * ac * recurrentActivation.derivative(output: o)
        dcb[j] = dcTotal * f
      }
    }
    // Nothing bypasses the recurrent kernel.
    dhPrev.update(repeating: 0, count: batch * u)
  }
}
