import _CForecastKernels

/// Faults a test injects into the kernels to show that its checks catch them.
///
/// The fault is thread-local: it affects only kernels called on the injecting thread, so tests
/// running concurrently on other threads never see it.
package enum KernelFault: Sendable {
  /// The vectorised (and portable) `tanh` of `Activation.apply` returns NaN for 2 < x < 3 — the
  /// fault the outside review used to show that max-based comparisons missed NaN.
  case tanhNaN

  /// Runs `body` with the fault injected on the calling thread, then removes it.
  package func inject<R>(_ body: () throws -> R) rethrows -> R {
    switch self {
    case .tanhNaN: fk_set_test_fault(Int32(FK_FAULT_TANH_NAN.rawValue))
    }
    defer { fk_set_test_fault(Int32(FK_FAULT_NONE.rawValue)) }
    return try body()
  }
}
