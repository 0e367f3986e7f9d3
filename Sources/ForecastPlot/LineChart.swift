import Foundation
import ForecastSeries

/// A line chart rendered as standalone SVG: a title, date or number ticks on the x axis, value
/// ticks with light gridlines, and a legend — one panel, or several stacked panels sharing the
/// x axis (a decomposition).
public struct LineChart: Sendable {
  /// One line.
  public struct Line: Sendable {
    /// The legend label.
    public var label: String
    /// What it stands for (its colour and dash).
    public var role: SeriesRole
    /// x as seconds since 1970 (dates) or plain numbers; y values, NaN for gaps.
    public var points: [(x: Double, y: Double)]

    /// A line over dates.
    public init(label: String, role: SeriesRole, dates: [Date], values: [Double]) {
      self.label = label
      self.role = role
      points = zip(dates, values).map { ($0.timeIntervalSince1970, $1) }
    }

    /// A line over numbers (epochs).
    public init(label: String, role: SeriesRole, x: [Double], values: [Double]) {
      self.label = label
      self.role = role
      points = zip(x, values).map { ($0, $1) }
    }
  }

  /// A shaded range between a lower and an upper line (a prediction interval).
  public struct Band: Sendable {
    /// The legend label (`95% interval`).
    public var label: String
    /// Whose colour it takes.
    public var role: SeriesRole
    /// How opaque the shading is (0–1); narrower intervals drawn over wider ones look darker.
    public var opacity: Double
    /// x as seconds since 1970, with the bounds at each.
    public var points: [(x: Double, lower: Double, upper: Double)]

    /// A band over dates.
    public init(label: String, role: SeriesRole, opacity: Double, dates: [Date], lower: [Double], upper: [Double]) {
      self.label = label
      self.role = role
      self.opacity = opacity
      points = dates.indices.map { (dates[$0].timeIntervalSince1970, lower[$0], upper[$0]) }
    }
  }

  /// A panel: its own y axis, shaded bands and lines.
  public struct Panel: Sendable {
    /// The y-axis caption.
    public var yLabel: String
    /// The lines, drawn in order over the bands.
    public var lines: [Line]
    /// The bands, drawn in order under the lines.
    public var bands: [Band]

    /// A panel of `lines` over `bands`.
    public init(yLabel: String, lines: [Line], bands: [Band] = []) {
      self.yLabel = yLabel
      self.lines = lines
      self.bands = bands
    }
  }

  /// How x values are labelled.
  public enum XAxis: Sendable {
    /// x values are dates.
    case dates
    /// x values are numbers, with this caption.
    case numbers(String)
  }

  /// The chart title.
  public var title: String
  /// The panels, top to bottom.
  public var panels: [Panel]
  /// How x is labelled.
  public var xAxis: XAxis
  /// The width in pixels.
  public var width: Double = 900
  /// The height of each panel in pixels.
  public var panelHeight: Double = 300

  /// A chart.
  public init(title: String, panels: [Panel], xAxis: XAxis = .dates, panelHeight: Double = 300) {
    self.title = title
    self.panels = panels
    self.xAxis = xAxis
    self.panelHeight = panelHeight
  }

  private let margin = (left: 72.0, right: 24.0, top: 56.0, bottom: 44.0, gap: 28.0)

  /// The chart as an SVG document.
  public func svg() -> String {
    let allX = panels.flatMap { $0.lines.flatMap { $0.points.map(\.x) } + $0.bands.flatMap { $0.points.map(\.x) } }
    let xMin = allX.min() ?? 0, xMax = max(allX.max() ?? 1, (allX.min() ?? 0) + 1e-9)
    let plotWidth = width - margin.left - margin.right
    let height = margin.top + Double(panels.count) * panelHeight + Double(panels.count - 1) * margin.gap + margin.bottom
    func px(_ x: Double) -> Double { margin.left + (x - xMin) / (xMax - xMin) * plotWidth }

    var svg = SVGWriter(width: width, height: height)
    svg.text(title, x: margin.left, y: 24, size: 16, weight: "600")
    legend(&svg)
    let xTicks: [(Double, String)] = {
      switch xAxis {
      case .dates:
        return Ticks.dates(Date(timeIntervalSince1970: xMin), Date(timeIntervalSince1970: xMax)).map { ($0.0.timeIntervalSince1970, $0.1) }
      case .numbers:
        let values = Ticks.values(xMin, xMax, target: 8).filter { $0 == $0.rounded() }
        return values.map { ($0, String(Int($0))) }
      }
    }()
    for (index, panel) in panels.enumerated() {
      let top = margin.top + Double(index) * (panelHeight + margin.gap)
      let bottom = top + panelHeight
      let ys = (panel.lines.flatMap { $0.points.map(\.y) } + panel.bands.flatMap { $0.points.flatMap { [$0.lower, $0.upper] } }).filter(\.isFinite)
      var yMin = ys.min() ?? 0, yMax = ys.max() ?? 1
      if yMax - yMin < 1e-12 { yMin -= 1; yMax += 1 }
      let pad = (yMax - yMin) * 0.05
      yMin -= pad
      yMax += pad
      func py(_ y: Double) -> Double { bottom - (y - yMin) / (yMax - yMin) * panelHeight }
      // Gridlines and value ticks.
      let yTicks = Ticks.values(yMin, yMax, target: panels.count > 1 ? 4 : 6)
      let step = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
      for tick in yTicks {
        svg.line(x1: margin.left, y1: py(tick), x2: width - margin.right, y2: py(tick), stroke: "#e5e7eb")
        svg.text(Ticks.label(tick, step: step), x: margin.left - 8, y: py(tick) + 4, size: 11, anchor: "end", fill: "#4b5563")
      }
      for (x, _) in xTicks {
        svg.line(x1: px(x), y1: top, x2: px(x), y2: bottom, stroke: "#f1f5f9")
      }
      svg.rect(x: margin.left, y: top, width: plotWidth, height: panelHeight, stroke: "#9ca3af")
      svg.text(panel.yLabel, x: 16, y: (top + bottom) / 2, size: 12, anchor: "middle", fill: "#374151", rotate: true)
      for band in panel.bands {
        let outline = band.points.map { (px($0.x), py($0.upper)) } + band.points.reversed().map { (px($0.x), py($0.lower)) }
        svg.polygon(outline, fill: band.role.color, opacity: band.opacity)
      }
      for line in panel.lines {
        svg.polyline(line.points.map { point in point.y.isFinite ? (px(point.x), py(point.y)) : nil }, role: line.role)
      }
      // x tick labels under the bottom panel only.
      if index == panels.count - 1 {
        for (x, label) in xTicks {
          svg.line(x1: px(x), y1: bottom, x2: px(x), y2: bottom + 5, stroke: "#6b7280")
          svg.text(label, x: px(x), y: bottom + 19, size: 11, anchor: "middle", fill: "#4b5563")
        }
        if case .numbers(let caption) = xAxis {
          svg.text(caption, x: margin.left + plotWidth / 2, y: bottom + 37, size: 12, anchor: "middle", fill: "#374151")
        }
      }
    }
    return svg.document()
  }

  /// One entry per distinct label, across panels, right-aligned on the title row.
  private func legend(_ svg: inout SVGWriter) {
    var seen = Set<String>()
    let lines = panels.flatMap(\.lines).filter { seen.insert($0.label).inserted }
    let bands = panels.flatMap(\.bands).filter { seen.insert($0.label).inserted }
    guard lines.count + bands.count > 1 || panels.count == 1 else { return }
    var x = width - margin.right
    for band in bands.reversed() {
      x -= Double(band.label.count) * 6.6
      svg.text(band.label, x: x, y: 40, size: 11, fill: "#374151")
      x -= 24
      svg.polygon([(x, 31), (x + 18, 31), (x + 18, 41), (x, 41)], fill: band.role.color, opacity: band.opacity)
      x -= 14
    }
    for line in lines.reversed() {
      let textWidth = Double(line.label.count) * 6.6
      x -= textWidth
      svg.text(line.label, x: x, y: 40, size: 11, fill: "#374151")
      x -= 24
      svg.polyline([(x, 36), (x + 18, 36)], role: line.role)
      x -= 14
    }
  }
}
