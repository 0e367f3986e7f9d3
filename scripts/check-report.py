"""Renders a run's report.html in headless Chromium at 1200 and 400 pixels wide and fails on a
console error, a chart wider than the window, a table wider than its box, or a page that scrolls
sideways. Keeps a screenshot at each width.

    python3 scripts/check-report.py forecast-output/report.html [--screenshots DIR]

Needs Chromium (`apt-get install chromium`).
"""
import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHECK = """
<script>
window.addEventListener('load', () => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  document.querySelectorAll('figure svg').forEach((svg, i) => {
    const box = svg.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) problems.push(`chart ${i} ends at ${Math.round(box.right)} px, past the window's ${width} px`);
  });
  document.querySelectorAll('div.table').forEach((wrap, i) => {
    if (wrap.scrollWidth > wrap.clientWidth + 1) problems.push(`table ${i} is ${wrap.scrollWidth} px wide in a box of ${wrap.clientWidth} px`);
  });
  if (document.documentElement.scrollWidth > width + 1) problems.push(`the page is ${document.documentElement.scrollWidth} px wide in a window of ${width} px`);
  const charts = [...document.querySelectorAll('figure svg')].filter(s => s.getBoundingClientRect().width > 0).length;
  parent.postMessage(JSON.stringify({width, charts, problems}), '*');
});
</script>
"""

# The report runs in a frame of the width checked (a window cannot be narrower than about 500
# pixels in headless Chromium); the frame posts what it measured to this page.
FRAME = """<!DOCTYPE html><html><body style="margin:0">
<iframe src="report.html" style="width:{width}px;height:3000px;border:0"></iframe>
<script>addEventListener('message', e => {{
  const out = document.createElement('pre'); out.id = 'layout-check'; out.textContent = e.data; document.body.appendChild(out);
}});</script></body></html>"""


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    sys.exit("Chromium is not installed (apt-get install chromium).")


def check(browser, report, width):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "report.html").write_text(report.read_text().replace("</body>", CHECK + "</body>"))
        page = Path(folder) / "frame.html"
        page.write_text(FRAME.format(width=width))
        run = subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
             "--window-size=1400,2000", "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=120)
    found = re.search(r'<pre id="layout-check">(.*?)</pre>', run.stdout, re.S)
    if not found:
        return [f"{width} px: the check did not run (Chromium exit {run.returncode})"]
    result = json.loads(found.group(1).replace("&quot;", '"').replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&"))
    problems = [f"{width} px: {p}" for p in result["problems"]]
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    problems += [f"{width} px: console: {line}" for line in console]
    if result["charts"] == 0:
        problems.append(f"{width} px: no chart is visible")
    print(f"{width} px: {result['charts']} charts visible, {len(result['problems'])} layout problems, {len(console)} console messages")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report", type=Path)
    parser.add_argument("--screenshots", type=Path)
    args = parser.parse_args()
    browser = chromium()
    problems = check(browser, args.report, 1200) + check(browser, args.report, 400)
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
        for width in (1200, 400):
            shot = args.screenshots / f"report-{width}.png"
            subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", f"--window-size={width},2400",
                            f"--screenshot={shot}", args.report.resolve().as_uri()], capture_output=True, timeout=120)
            print(f"screenshot: {shot}")
    for problem in problems:
        print(problem, file=sys.stderr)
    sys.exit(1 if problems else 0)


main()
