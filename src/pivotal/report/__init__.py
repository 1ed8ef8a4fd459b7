"""Charts and self-contained HTML reports of comparisons, timelines and outcome analyses.

>>> from pivotal.compare import compare
>>> from pivotal.report import comparison_chart, render
>>> render(comparison_chart(compare("csto", ["consensus", "majority"], at="2012-05-15")))[:4]
b'\\x89PNG'
"""

from pivotal.report.charts import FORMATS, comparison_chart, render, save, timeline_chart
from pivotal.report.html import render_report, write_report
from pivotal.report.outcomes import line_chart, outcome_chart, plane_chart

__all__ = [
    "FORMATS",
    "comparison_chart",
    "line_chart",
    "outcome_chart",
    "plane_chart",
    "render",
    "render_report",
    "save",
    "timeline_chart",
    "write_report",
]
