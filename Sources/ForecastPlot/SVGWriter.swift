import Foundation

/// Builds an SVG document from a few primitives, escaping text.
struct SVGWriter {
  let width: Double
  let height: Double
  private var body: [String] = []

  init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  mutating func text(_ content: String, x: Double, y: Double, size: Double, weight: String = "400",
                     anchor: String = "start", fill: String = "#111827", rotate: Bool = false) {
    let transform = rotate ? " transform=\"rotate(-90 \(f(x)) \(f(y)))\"" : ""
    body.append("<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(f(size))\" font-weight=\"\(weight)\" text-anchor=\"\(anchor)\" fill=\"\(fill)\"\(transform)>\(xmlEscaped(content))</text>")
  }

  mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String) {
    body.append("<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(stroke)\" stroke-width=\"1\"/>")
  }

  mutating func rect(x: Double, y: Double, width: Double, height: Double, stroke: String) {
    body.append("<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"1\"/>")
  }

  /// A line through `points`; a nil point breaks it into separate runs.
  mutating func polyline(_ points: [(Double, Double)?], role: SeriesRole) {
    var runs: [[(Double, Double)]] = [[]]
    for point in points {
      if let point { runs[runs.count - 1].append(point) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
    }
    let dash = role.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
    for run in runs where !run.isEmpty {
      if run.count == 1 {
        body.append("<circle cx=\"\(f(run[0].0))\" cy=\"\(f(run[0].1))\" r=\"2.5\" fill=\"\(role.color)\"/>")
        continue
      }
      let coordinates = run.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
      body.append("<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(role.color)\" stroke-width=\"\(role.width)\" stroke-linejoin=\"round\"\(dash)/>")
    }
  }

  /// A filled rectangle without an outline.
  mutating func shade(x: Double, y: Double, width: Double, height: Double, fill: String) {
    body.append("<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"\(fill)\"/>")
  }

  /// A dashed line.
  mutating func dashedLine(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String) {
    body.append("<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(stroke)\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>")
  }

  /// A closed, filled shape through `points`, without an outline, drawn inside the clip path
  /// `clip` when given; non-finite points are dropped.
  mutating func polygon(_ points: [(Double, Double)], fill: String, opacity: Double, clip: String? = nil) {
    let coordinates = points.filter { $0.0.isFinite && $0.1.isFinite }.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
    let clipping = clip.map { " clip-path=\"url(#\($0))\"" } ?? ""
    body.append("<polygon points=\"\(coordinates)\" fill=\"\(fill)\" fill-opacity=\"\(f(opacity))\" stroke=\"none\"\(clipping)/>")
  }

  /// A rectangular clip path named `id` for later shapes.
  mutating func clipRectangle(id: String, x: Double, y: Double, width: Double, height: Double) {
    body.append("<clipPath id=\"\(id)\"><rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\"/></clipPath>")
  }

  func document() -> String {
    """
    <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">
    <rect width="100%" height="100%" fill="#ffffff"/>
    \(body.joined(separator: "\n"))
    </svg>
    """
  }

  private func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
