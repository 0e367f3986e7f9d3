import ForecastKernels

/// One time step of a recurrent layer, forward and backward, for a batch of B rows.
///
/// The driver (`RecurrentLayer`) hands the cell, for step t, the input projection
/// `xProj = x_t · kernel + inputBias` and the recurrent projection
/// `rProj = h_{t-1} · recurrentKernel (+ recurrentBias)`, both `[B, G·U]` with the gates in
/// Keras' order; the cell combines them into `h_t` (and `c_t` for an LSTM) and keeps in its
/// tape row what its backward step needs. Backward, the cell turns `dh_t` (and `dc_t`) into the
/// gradients of both projections; the driver does every matrix product.
public protocol RecurrentCell: Sendable {
  /// Keras' class name of the layer (`LSTM`, `GRU`, `SimpleRNN`).
  static var kerasName: String { get }
  /// The number of gate blocks G in the kernels' last axis (4 for LSTM, 3 for GRU, 1 for RNN).
  static var gateCount: Int { get }
  /// Rows of the bias: 1, or 2 for a GRU with `reset_after` (input bias, recurrent bias).
  static var biasRows: Int { get }
  /// Whether the cell carries a cell state `c` besides `h`.
  static var hasCellState: Bool { get }
  /// Floats per batch row and unit that the cell keeps per time step.
  static var tapeWidth: Int { get }
  /// Whether the cell only ever adds the two projections (`z = xProj + rProj`), so that their
  /// gradients are equal: the cell then writes only `dXProj`, and the driver uses it for both.
  static var projectionsShareGradient: Bool { get }

  /// The number of units U.
  var units: Int { get }
  /// The activation of the candidate and output (Keras: `activation`).
  var activation: Activation { get }
  /// The activation of the gates (Keras: `recurrent_activation`).
  var recurrentActivation: Activation { get }

  /// One forward step. Shapes: `xProj`, `rProj` `[B, G·U]`; `hPrev`, `cPrev`, `h`, `c`
  /// `[B, U]` (`c` pointers unused without cell state); `tape` `[B, tapeWidth·U]`.
  func forwardStep(
    batch: Int, xProj: UnsafePointer<Float>, rProj: UnsafePointer<Float>,
    hPrev: UnsafePointer<Float>, cPrev: UnsafePointer<Float>,
    h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>,
    tape: UnsafeMutablePointer<Float>)

  /// One backward step. Given `dh` = ∂L/∂h_t and `dc` = ∂L/∂c_t from later steps, writes
  /// `dXProj` and (unless `projectionsShareGradient`) `dRProj` (`[B, G·U]`), the part of
  /// ∂L/∂h_{t-1} that bypasses the recurrent kernel into `dhPrev` (`[B, U]`, zero for LSTM and
  /// RNN) and replaces `dc` with ∂L/∂c_{t-1}.
  func backwardStep(
    batch: Int, tape: UnsafePointer<Float>,
    hPrev: UnsafePointer<Float>, cPrev: UnsafePointer<Float>, h: UnsafePointer<Float>,
    dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>,
    dXProj: UnsafeMutablePointer<Float>, dRProj: UnsafeMutablePointer<Float>,
    dhPrev: UnsafeMutablePointer<Float>)
}
