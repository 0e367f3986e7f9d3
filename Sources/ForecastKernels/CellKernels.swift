import _CForecastKernels

/// The LSTM cell's gate maths for one batch row, fused and vectorised, with plain twins.
///
/// Package API (raw pointers whose extents only the caller knows). Layout as Keras':
/// pre-activations `x` (input projection) and `r` (recurrent projection) are
/// `[4U]`, gates i, f, c, o; the tape is `[5U]`: i, f, g, o, act(c_t).
package enum CellKernels {
  /// i, f, o = rec(x + r); g = act(x + r); c = f·cPrev + i·g; h = o·act(c).
  package static func lstmForward(
    units: Int, x: UnsafePointer<Float>, r: UnsafePointer<Float>, cPrev: UnsafePointer<Float>,
    c: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>, tape: UnsafeMutablePointer<Float>,
    activation: Activation, recurrentActivation: Activation
  ) {
    fk_lstm_forward(units, x, r, cPrev, c, h, tape, activation.kernelCode, recurrentActivation.kernelCode)
  }

  /// The backward of `lstmForward`: writes `dz` = ∂L/∂(x + r) (`[4U]`) from ∂L/∂h and ∂L/∂c, and
  /// replaces `dc` by ∂L/∂c_{t-1}.
  package static func lstmBackward(
    units: Int, tape: UnsafePointer<Float>, cPrev: UnsafePointer<Float>, dh: UnsafePointer<Float>,
    dc: UnsafeMutablePointer<Float>, dz: UnsafeMutablePointer<Float>,
    activation: Activation, recurrentActivation: Activation
  ) {
    fk_lstm_backward(units, tape, cPrev, dh, dc, dz, activation.kernelCode, recurrentActivation.kernelCode)
  }

  /// `lstmForward` over units `from..<to` of `rows` batch rows (`x`, `r` rows `4U` apart; `cPrev`,
  /// `c`, `h` rows `U` apart; `tape` rows `5U` apart), as the time loop calls it.
  package static func lstmForward(
    units: Int, from: Int, to: Int, rows: Int, x: UnsafePointer<Float>, r: UnsafePointer<Float>,
    cPrev: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>,
    tape: UnsafeMutablePointer<Float>, activation: Activation, recurrentActivation: Activation
  ) {
    fk_lstm_forward_units(
      units, from, to, rows, x, r, cPrev, c, h, tape, activation.kernelCode, recurrentActivation.kernelCode)
  }

  /// `lstmBackward` over units `from..<to` of `rows` batch rows, laid out as `lstmForward(units:from:to:rows:…)`'s.
  package static func lstmBackward(
    units: Int, from: Int, to: Int, rows: Int, tape: UnsafePointer<Float>, cPrev: UnsafePointer<Float>,
    dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>, dz: UnsafeMutablePointer<Float>,
    activation: Activation, recurrentActivation: Activation
  ) {
    fk_lstm_backward_units(
      units, from, to, rows, tape, cPrev, dh, dc, dz, activation.kernelCode, recurrentActivation.kernelCode)
  }

  /// The plain twin of `lstmForward`, the oracle for tests.
  package static func referenceLSTMForward(
    units u: Int, x: UnsafePointer<Float>, r: UnsafePointer<Float>, cPrev: UnsafePointer<Float>,
    c: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>, tape: UnsafeMutablePointer<Float>,
    activation: Activation, recurrentActivation: Activation
  ) {
    for j in 0..<u {
      let i = recurrentActivation(x[j] + r[j])
      let f = recurrentActivation(x[u + j] + r[u + j])
      let g = activation(x[2 * u + j] + r[2 * u + j])
      let o = recurrentActivation(x[3 * u + j] + r[3 * u + j])
      c[j] = f * cPrev[j] + i * g
      let ac = activation(c[j])
      h[j] = o * ac
      tape[j] = i; tape[u + j] = f; tape[2 * u + j] = g; tape[3 * u + j] = o; tape[4 * u + j] = ac
    }
  }

  /// The plain twin of `lstmBackward`, the oracle for tests.
  package static func referenceLSTMBackward(
    units u: Int, tape: UnsafePointer<Float>, cPrev: UnsafePointer<Float>, dh: UnsafePointer<Float>,
    dc: UnsafeMutablePointer<Float>, dz: UnsafeMutablePointer<Float>,
    activation: Activation, recurrentActivation: Activation
  ) {
    for j in 0..<u {
      let i = tape[j], f = tape[u + j], g = tape[2 * u + j], o = tape[3 * u + j], ac = tape[4 * u + j]
      let total = dc[j] + dh[j] * o * activation.derivative(output: ac)
      dz[j] = total * g * recurrentActivation.derivative(output: i)
      dz[u + j] = total * cPrev[j] * recurrentActivation.derivative(output: f)
      dz[2 * u + j] = total * i * activation.derivative(output: g)
      dz[3 * u + j] = dh[j] * ac * recurrentActivation.derivative(output: o)
      dc[j] = total * f
    }
  }
}
