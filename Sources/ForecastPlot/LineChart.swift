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

  /// A vertical line from which the rest of the chart is shaded (where the test part or the
  /// future starts), labelled at its top.
  public struct Boundary: Sendable {
    /// x as seconds since 1970.
    public var x: Double
    /// The label of the shaded side (`test part`).
    public var label: String

    /// A boundary at `date`.
    public init(at date: Date, label: String) {
      x = date.timeIntervalSince1970
      self.label = label
    }
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
  /// Where the shaded part starts, if anywhere.
  public var boundary: Boundary?

  /// A chart.
  public init(title: String, panels: [Panel], xAxis: XAxis = .dates, panelHeight: Double = 300, boundary: Boundary? = nil) {
    self.title = title
    self.panels = panels
    self.xAxis = xAxis
    self.panelHeight = panelHeight
    self.boundary = boundary
  }

  /// The same chart drawn `width` pixels wide (for a phone: 420), its text the same size.
  public func narrowed(to width: Double) -> LineChart {
    var chart = self
    chart.width = width
    return chart
  }

  private let margin = (left: 72.0, right: 24.0, bottom: 52.0, gap: 28.0)

  /// A name for this drawing that is the same every time it is drawn and differs between charts
  /// of a report (titles and widths differ): its clip paths' ids.
  private var identifier: String {
    let text = "\(title)|\(Int(width))"
    return String(text.unicodeScalars.reduce(UInt64(5381)) { ($0 &* 33) ^ UInt64($1.value) }, radix: 36)
  }

  /// A legend entry: a line or a band.
  private enum Entry {
    case line(Line), band(Band)
    var label: String {
      switch self {
      case .line(let line): line.label
      case .band(let band): band.label
      }
    }
    /// Its width in pixels: the sample, a gap and the label.
    var width: Double { 24 + Double(label.count) * 6.6 + 16 }
  }

  /// One entry per distinct label, across panels, in rows that fit the plot's width; none when
  /// there is only one thing to name (the title names it).
  private var legendRows: [[Entry]] {
    var seen = Set<String>()
    let entries = panels.flatMap(\.lines).filter { seen.insert($0.label).inserted }.map(Entry.line)
      + panels.flatMap(\.bands).filter { seen.insert($0.label).inserted }.map(Entry.band)
    guard entries.count > 1 else { return [] }
    let available = width - margin.left - margin.right
    var rows: [[Entry]] = [[]], used = 0.0
    for entry in entries {
      if used + entry.width > available && !rows[rows.count - 1].isEmpty {
        rows.append([])
        used = 0
      }
      rows[rows.count - 1].append(entry)
      used += entry.width
    }
    return rows
  }

  /// The axes a chart draws: the x range with its labelled ticks, and each panel's y range with its
  /// value ticks.
  struct Axes {
    var x: (lower: Double, upper: Double, ticks: [(Double, String)])
    var y: [(lower: Double, upper: Double, ticks: [Double])]
  }

  /// The plot's width in pixels, inside the margins.
  private var plotWidth: Double { width - margin.left - margin.right }

  /// The chart's axes: x over every point (dates or numbers), y per panel over its lines and its
  /// bands (a band reaching at most one span of the lines beyond them: it is cut at the plot's
  /// edge, so one wide interval cannot flatten everything else), each with 3 to 7 round ticks.
  var axes: Axes {
    let allX = panels.flatMap { $0.lines.flatMap { $0.points.map(\.x) } + $0.bands.flatMap { $0.points.map(\.x) } }.filter(\.isFinite)
    // About one label per 90 pixels, so they never run into each other.
    let most = Int(plotWidth / 90)
    var (xMin, xMax) = Ticks.range(allX, padding: 0)
    let xTicks: [(Double, String)]
    switch xAxis {
    case .dates:
      xTicks = Ticks.dates(Date(timeIntervalSince1970: xMin), Date(timeIntervalSince1970: xMax), target: most)
        .map { ($0.0.timeIntervalSince1970, $0.1) }
    case .numbers:
      var axis = Ticks.axis(xMin, xMax, target: most)
      (xMin, xMax) = (axis.lower, axis.upper)
      // Whole x values (epochs) get whole ticks.
      let whole = axis.ticks.filter { $0 == $0.rounded() }
      if allX.allSatisfy({ $0 == $0.rounded() }) && whole.count >= 2 { axis.ticks = whole }
      let step = axis.ticks.count > 1 ? axis.ticks[1] - axis.ticks[0] : 1
      xTicks = axis.ticks.map { ($0, Ticks.label($0, step: step)) }
    }
    let y = panels.map { panel in
      let lineYs = panel.lines.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
      var ys = panel.bands.flatMap { $0.points.flatMap { [$0.lower, $0.upper] } }.filter(\.isFinite)
      if let low = lineYs.min(), let high = lineYs.max() {
        let reach = max(high - low, abs(high) * 1e-9, 1e-12)
        ys = lineYs + ys.map { min(max($0, low - reach), high + reach) }
      }
      let (yMin, yMax) = Ticks.range(ys, padding: 0.05)
      return Ticks.axis(yMin, yMax, target: panels.count > 1 ? 4 : 6)
    }
    return Axes(x: (xMin, xMax, xTicks), y: y)
  }

  /// The chart as an SVG document.
  public func svg() -> String {
    let axes = self.axes
    let (xMin, xMax, xTicks) = axes.x
    let rows = legendRows
    let plotTop = 56 + 18 * Double(max(rows.count - 1, 0))  // a second legend row and more push the plot down
    let height = plotTop + Double(panels.count) * panelHeight + Double(panels.count - 1) * margin.gap + margin.bottom
    func px(_ x: Double) -> Double { margin.left + Ticks.fraction(x, xMin, xMax) * plotWidth }

    var svg = SVGWriter(width: width, height: height)
    svg.text(title, x: margin.left, y: 24, size: 16, weight: "600")
    legend(rows, &svg)
    for (index, panel) in panels.enumerated() {
      let top = plotTop + Double(index) * (panelHeight + margin.gap)
      let bottom = top + panelHeight
      let (yMin, yMax, yTicks) = axes.y[index]
      func py(_ y: Double) -> Double { bottom - Ticks.fraction(y, yMin, yMax) * panelHeight }
      // The shaded part first, under the gridlines.
      if let boundary, boundary.x < xMax {
        let start = max(px(boundary.x), margin.left)
        svg.shade(x: start, y: top, width: margin.left + plotWidth - start, height: panelHeight, fill: "#f3f4f6")
        svg.dashedLine(x1: start, y1: top, x2: start, y2: bottom, stroke: "#6b7280")
        if index == 0 { svg.text(boundary.label, x: start + 4, y: top + 14, size: 11, fill: "#4b5563") }
      }
      // Gridlines and value ticks.
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
      let clip = "plot-\(identifier)-\(index)"
      svg.clipRectangle(id: clip, x: margin.left, y: top, width: plotWidth, height: panelHeight)
      for band in panel.bands {
        let outline = band.points.map { (px($0.x), py($0.upper)) } + band.points.reversed().map { (px($0.x), py($0.lower)) }
        svg.polygon(outline, fill: band.role.color, opacity: band.opacity, clip: clip)
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
        let caption: String
        switch xAxis {
        case .dates: caption = "date"
        case .numbers(let text): caption = text
        }
        svg.text(caption, x: margin.left + plotWidth / 2, y: bottom + 40, size: 12, anchor: "middle", fill: "#374151")
      }
    }
    return svg.document()
  }

  /// The legend rows under the title, left to right.
  private func legend(_ rows: [[Entry]], _ svg: inout SVGWriter) {
    for (index, row) in rows.enumerated() {
      let y = 44 + 18 * Double(index)
      var x = margin.left
      for entry in row {
        switch entry {
        case .line(let line): svg.polyline([(x, y - 4), (x + 18, y - 4)], role: line.role)
        case .band(let band): svg.polygon([(x, y - 9), (x + 18, y - 9), (x + 18, y + 1), (x, y + 1)], fill: band.role.color, opacity: band.opacity)
        }
        svg.text(entry.label, x: x + 24, y: y, size: 11, fill: "#374151")
        x += entry.width
      }
    }
  }
}
