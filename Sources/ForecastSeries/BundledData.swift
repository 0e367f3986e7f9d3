import Foundation

/// The data shipped with the package.
public enum BundledData {
  /// The monthly milk production series: pounds per cow, January 1962 – December 1975,
  /// 168 months (Cryer, 1986, via Hyndman's Time Series Data Library); the tutorial's data set.
  public static var milkProductionPath: String {
    Bundle.module.path(forResource: "monthly_milk_production", ofType: "csv")!
  }
}
