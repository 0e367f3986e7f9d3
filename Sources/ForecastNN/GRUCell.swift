import ForecastKernels

/// The gated recurrent unit step (Cho et al., 2014) exactly as Keras' `GRUCell` computes it
/// with `reset_after=True` (Keras' default, the cuDNN variant), gates ordered z, r, h:
///
///     z = σ(x_z + r_z)   r = σ(x_r + r_r)           (x = xProj, r = rProj incl. recurrent bias)
///     ĥ = act(x_h + r ⊙ r_h)
///     h_t = z ⊙ h_{t-1} + (1 − z) ⊙ ĥ
public struct GRUCell: RecurrentCell {
  public static let kerasName = "GRU"
  public static let gateCount = 3
  /// Input bias and recurrent bias, Keras' `[2, 3U]`.
  public static let biasRows = 2
  public static let hasCellState = false
  /// Tape per unit: z, r, ĥ, r_h (the recurrent projection of the candidate).
  public static let tapeWidth = 4
  /// The reset gate multiplies the candidate's recurrent projection, so the two differ.
  public static let projectionsShareGradient = false

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
      let x = xProj + b * 3 * u, r = rProj + b * 3 * u, t = tape + b * 4 * u
      let hp = hPrev + b * u, hb = h + b * u
      for j in 0..<2 * u { t[j] = x[j] + r[j] }
      recurrentActivation.apply(t, count: 2 * u)  // z, r
      for j in 0..<u {
        t[3 * u + j] = r[2 * u + j]
        t[2 * u + j] = x[2 * u + j] + t[u + j] * r[2 * u + j]
      }
      activation.apply(t + 2 * u, count: u)  // ĥ
      for j in 0..<u { hb[j] = t[j] * hp[j] + (1 - t[j]) * t[2 * u + j] }
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
      let t = tape + b * 4 * u, hp = hPrev + b * u, dhb = dh + b * u
      let dx = dXProj + b * 3 * u, dr = dRProj + b * 3 * u, dhp = dhPrev + b * u
      for j in 0..<u {
        let z = t[j], reset = t[u + j], candidate = t[2 * u + j], rh = t[3 * u + j]
        let dCandidate = dhb[j] * (1 - z) * activation.derivative(output: candidate)
        let dz = dhb[j] * (hp[j] - candidate) * recurrentActivation.derivative(output: z)
        let dReset = dCandidate * rh * recurrentActivation.derivative(output: reset)
        dx[j] = dz; dr[j] = dz
        dx[u + j] = dReset; dr[u + j] = dReset
        dx[2 * u + j] = dCandidate; dr[2 * u + j] = dCandidate * reset
        dhp[j] = dhb[j] * z
      }
    }
  }
}
