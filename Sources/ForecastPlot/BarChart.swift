import Foundation

/// A bar chart rendered as standalone SVG — autocorrelations by lag, a histogram — with value ticks,
/// a zero line, and optionally a shaded ± band (the range white noise stays inside).
public struct BarChart: Sendable {
  /// One bar: its centre on the x axis, its width in x units and its height.
  public struct Bar: Sendable {
    public var x: Double
    public var width: Double
    public var value: Double

    /// A bar centred at `x`.
    public init(x: Double, width: Double, value: Double) {
      self.x = x
      self.width = width
      self.value = value
    }
  }

  /// The chart title.
  public var title: String
  /// The x-axis caption.
  public var xLabel: String
  /// The y-axis caption.
  public var yLabel: String
  /// The bars.
  public var bars: [Bar]
  /// A band drawn from −band to +band, if any.
  public var band: Double?
  /// The width in pixels.
  public var width: Double = 900
  /// The plot's height in pixels.
  public var height: Double = 220

  /// A chart of `bars`.
  public init(title: String, xLabel: String, yLabel: String, bars: [Bar], band: Double? = nil) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.bars = bars
    self.band = band
  }

  /// The same chart drawn `width` pixels wide.
  public func narrowed(to width: Double) -> BarChart {
    var chart = self
    chart.width = width
    return chart
  }

  private let margin = (left: 72.0, right: 24.0, top: 40.0, bottom: 52.0)

  /// The bars drawn: those whose position, width and value are finite.
  private var finite: [Bar] { bars.filter { $0.value.isFinite && $0.x.isFinite && $0.width.isFinite } }

  /// The chart's axes, each a range and 3 to 7 round ticks: x over the bars' extents, y over
  /// their values, zero and the band (padded away from zero only).
  var axes: (x: (lower: Double, upper: Double, ticks: [Double]), y: (lower: Double, upper: Double, ticks: [Double])) {
    let finite = self.finite
    let (xMin, xMax) = Ticks.range(finite.flatMap { [$0.x - $0.width / 2, $0.x + $0.width / 2] }, padding: 0)
    let values = finite.map(\.value) + [0] + (band.map { [-$0, $0] } ?? [])
    var (yMin, yMax) = Ticks.range(values, padding: 0.05)
    // Bars stand on zero: no padding below it when nothing is negative.
    if values.allSatisfy({ $0 >= 0 }) { yMin = 0 }
    return (Ticks.axis(xMin, xMax, target: Int((width - margin.left - margin.right) / 70)), Ticks.axis(yMin, yMax, target: 5))
  }

  /// The chart as an SVG document.
  public func svg() -> String {
    let finite = self.finite
    let ((xMin, xMax, xTicks), (yMin, yMax, yTicks)) = axes
    let plotWidth = width - margin.left - margin.right
    let bottom = margin.top + height
    func px(_ x: Double) -> Double { margin.left + Ticks.fraction(x, xMin, xMax) * plotWidth }
    func py(_ y: Double) -> Double { bottom - Ticks.fraction(y, yMin, yMax) * height }

    var svg = SVGWriter(width: width, height: bottom + margin.bottom)
    svg.text(title, x: margin.left, y: 24, size: 16, weight: "600")
    if let band {
      svg.shade(x: margin.left, y: py(band), width: plotWidth, height: py(-band) - py(band), fill: "#dbeafe")
    }
    let step = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
    for tick in yTicks {
      svg.line(x1: margin.left, y1: py(tick), x2: width - margin.right, y2: py(tick), stroke: "#e5e7eb")
      svg.text(Ticks.label(tick, step: step), x: margin.left - 8, y: py(tick) + 4, size: 11, anchor: "end", fill: "#4b5563")
    }
    for bar in finite {
      let left = px(bar.x - bar.width / 2), right = px(bar.x + bar.width / 2)
      let top = py(max(bar.value, 0)), base = py(min(bar.value, 0))
      svg.shade(x: left + 0.5, y: top, width: max(right - left - 1, 1), height: max(base - top, 0.5), fill: "#0072B2")
    }
    svg.line(x1: margin.left, y1: py(0), x2: width - margin.right, y2: py(0), stroke: "#6b7280")
    svg.rect(x: margin.left, y: margin.top, width: plotWidth, height: height, stroke: "#9ca3af")
    let xStep = xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1
    for tick in xTicks {
      svg.line(x1: px(tick), y1: bottom, x2: px(tick), y2: bottom + 5, stroke: "#6b7280")
      svg.text(Ticks.label(tick, step: xStep), x: px(tick), y: bottom + 19, size: 11, anchor: "middle", fill: "#4b5563")
    }
    svg.text(xLabel, x: margin.left + plotWidth / 2, y: bottom + 40, size: 12, anchor: "middle", fill: "#374151")
    svg.text(yLabel, x: 16, y: margin.top + height / 2, size: 12, anchor: "middle", fill: "#374151", rotate: true)
    return svg.document()
  }
}
