extension NetworkSettings {
  /// The global network's settings (`--method global`): those of `recommended` — level
  /// scaling, `LSTM(16, tanh)` over windows of 24, 12 steps predicted at once, Adam(0.005) at
  /// batch size 16 for up to 100 epochs with early stopping (patience 10 on the latest 20% of
  /// each series' windows), the median of 3 seeds.
  ///
  /// Measured on the whole accuracy set at 3 origins (mean MASE 0.73), none of these did better
  /// by more than the spread between seeds (±0.02): 32 or 64 units (2× and 5× the time), batch
  /// size 64, a learning rate of 0.002, windows of 36, patience 20, no period one-hot, or
  /// training on only the latest 30, 60 or 100 windows of each series.
  public static let global: NetworkSettings = recommended
}
