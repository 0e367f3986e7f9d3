extension NetworkSettings {
  /// The global network's settings (`--method global`): those of `recommended` — level
  /// scaling, `LSTM(16, tanh)` over windows of 24, 12 steps predicted at once, Adam(0.005) at
  /// batch size 16 for up to 100 epochs with early stopping (patience 10 on the latest 20% of
  /// each series' windows), the median of 3 seeds.
  public static let global: NetworkSettings = recommended
}
