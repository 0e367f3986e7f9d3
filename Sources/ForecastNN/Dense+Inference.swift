extension Dense {
  /// Dense's forward pass for inference: it needs no buffer of its own.
  struct Inference: LayerInference {
    let layer: Dense
    /// Rows of the product per sample (every axis of a sample but the last) and its features.
    let rowsPerSample: Int, features: Int

    func predict(_ input: UnsafePointer<Float>, batch: Int, parameters: ParameterView, into output: UnsafeMutablePointer<Float>) {
      layer.apply(input, rows: batch * rowsPerSample, features: features, parameters: parameters, into: output)
    }
  }

  public func inference(batchSize: Int, inputShape: [Int]) -> any LayerInference {
    precondition(!inputShape.isEmpty && inputShape.last! > 0, "Dense needs an input with a feature axis, got \(inputShape)")
    return Inference(layer: self, rowsPerSample: inputShape.dropLast().reduce(1, *), features: inputShape.last!)
  }
}
