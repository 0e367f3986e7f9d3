// swift-tools-version: 6.0
import PackageDescription

// MARK: - Shared settings

/// Settings every Swift target shares.
let swiftSettings: [SwiftSetting] = [
  // Treat the package as one unit of Swift 6 code, strict about concurrency.
  .swiftLanguageMode(.v6),
]

// MARK: - Package

let package = Package(
  name: "swift-forecast",
  products: [
    .executable(name: "forecast", targets: ["forecast"]),
    .library(name: "ForecastKernels", targets: ["ForecastKernels"]),
    .library(name: "ForecastNN", targets: ["ForecastNN"]),
    .library(name: "ForecastSeries", targets: ["ForecastSeries"]),
    .library(name: "ForecastModels", targets: ["ForecastModels"]),
    .library(name: "ForecastPlot", targets: ["ForecastPlot"]),
    .library(name: "ForecastCLI", targets: ["ForecastCLI"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
    // `swift package generate-documentation`: the DocC catalogs in Sources/<Module>/<Module>.docc.
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    // MARK: Kernels
    // SIMD micro-kernels in C; an implementation detail of ForecastKernels, not API.
    .target(name: "_CForecastKernels"),
    .target(
      name: "ForecastKernels",
      dependencies: ["_CForecastKernels"],
      swiftSettings: swiftSettings),

    // MARK: Neural networks and series
    .target(
      name: "ForecastNN",
      dependencies: ["ForecastKernels"],
      swiftSettings: swiftSettings),
    .target(
      name: "ForecastSeries",
      dependencies: ["ForecastKernels", .product(name: "CSV", package: "CSV.swift")],
      resources: [.copy("Resources/monthly_milk_production.csv")],
      swiftSettings: swiftSettings),

    // MARK: Forecasting methods
    .target(
      name: "ForecastModels",
      dependencies: ["ForecastNN", "ForecastSeries"],
      swiftSettings: swiftSettings),

    // MARK: Presentation and command line
    .target(
      name: "ForecastPlot",
      dependencies: ["ForecastSeries"],
      swiftSettings: swiftSettings),
    .target(
      name: "ForecastCLI",
      dependencies: [
        "ForecastModels", "ForecastNN", "ForecastSeries", "ForecastPlot",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "CSV", package: "CSV.swift"),
      ],
      swiftSettings: swiftSettings),
    .executableTarget(
      name: "forecast",
      dependencies: ["ForecastCLI"],
      swiftSettings: swiftSettings),

    // MARK: Tests
    .testTarget(
      name: "ForecastKernelsTests",
      dependencies: ["ForecastKernels"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "ForecastNNTests",
      dependencies: ["ForecastNN"],
      resources: [.copy("Fixtures")],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "ForecastSeriesTests",
      dependencies: ["ForecastSeries"],
      resources: [.copy("Fixtures")],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "ForecastModelsTests",
      dependencies: ["ForecastModels"],
      resources: [.copy("Fixtures")],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "ForecastPlotTests",
      dependencies: ["ForecastPlot"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "ForecastCLITests",
      dependencies: ["ForecastCLI", "ForecastModels", "ForecastPlot"],
      swiftSettings: swiftSettings),
  ]
)

// MARK: - Fuzzing

// libFuzzer targets for the CSV reader and the model loader, declared only when FORECAST_FUZZ is
// set, so plain `swift build` and `swift test` never build them: scripts/fuzz.sh builds them with
// `-sanitize=fuzzer,address` (each starts libFuzzer's driver) and runs each for a bounded time.
if Context.environment["FORECAST_FUZZ"] != nil {
  // lld: gold stops with an internal error on the sanitized objects.
  let linkerSettings: [LinkerSetting] = [.unsafeFlags(["-use-ld=lld"])]
  package.targets += [
    .executableTarget(
      name: "fuzz-csv", dependencies: ["ForecastSeries"], path: "Fuzz/CSV", swiftSettings: swiftSettings, linkerSettings: linkerSettings),
    .executableTarget(
      name: "fuzz-model", dependencies: ["ForecastModels"], path: "Fuzz/Model", swiftSettings: swiftSettings, linkerSettings: linkerSettings),
  ]
}
