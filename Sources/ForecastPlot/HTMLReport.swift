import Foundation

/// A self-contained HTML page: inline CSS and SVG, nothing loaded from the network.
public struct HTMLReport: Sendable {
  /// A block of the page.
  public enum Block: Sendable {
    /// A section heading.
    case heading(String)
    /// A paragraph of plain text.
    case paragraph(String)
    /// A table with a header row; `numeric` columns are right-aligned.
    case table(header: [String], rows: [[String]], numericColumns: Set<Int>)
    /// An inline SVG chart.
    case chart(String)
    /// Preformatted text (the model summary).
    case preformatted(String)
  }

  /// The page title.
  public var title: String
  /// The blocks, in order.
  public var blocks: [Block]

  /// A report.
  public init(title: String, blocks: [Block]) {
    self.title = title
    self.blocks = blocks
  }

  /// The HTML document.
  public func html() -> String {
    var body = ["<h1>\(xmlEscaped(title))</h1>"]
    for block in blocks {
      switch block {
      case .heading(let text): body.append("<h2>\(xmlEscaped(text))</h2>")
      case .paragraph(let text): body.append("<p>\(xmlEscaped(text))</p>")
      case .preformatted(let text): body.append("<pre>\(xmlEscaped(text))</pre>")
      case .chart(let svg):
        // Drop the XML prologue-free SVG straight in; width scales with the page.
        body.append("<figure>\(svg)</figure>")
      case .table(let header, let rows, let numeric):
        func cells(_ values: [String], tag: String) -> String {
          values.enumerated().map { "<\(tag)\(numeric.contains($0.offset) ? " class=\"num\"" : "")>\(xmlEscaped($0.element))</\(tag)>" }.joined()
        }
        body.append("<table><thead><tr>\(cells(header, tag: "th"))</tr></thead><tbody>"
          + rows.map { "<tr>\(cells($0, tag: "td"))</tr>" }.joined() + "</tbody></table>")
      }
    }
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(xmlEscaped(title))</title>
      <style>
      body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827; margin: 0 auto; max-width: 960px; padding: 24px; line-height: 1.45; }
      h1 { font-size: 24px; margin: 0 0 8px; }
      h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #e5e7eb; padding-bottom: 4px; }
      table { border-collapse: collapse; font-size: 14px; margin: 8px 0; }
      th, td { padding: 4px 12px; border-bottom: 1px solid #e5e7eb; text-align: left; }
      th { background: #f9fafb; font-weight: 600; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      pre { background: #f9fafb; padding: 12px; font-size: 12px; overflow-x: auto; }
      figure { margin: 8px 0; }
      figure svg { max-width: 100%; height: auto; }
      </style>
      </head>
      <body>
      \(body.joined(separator: "\n"))
      </body>
      </html>
      """
  }
}
