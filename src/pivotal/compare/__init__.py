"""One organization under several rules, side by side, at one date or over its history.

``analyze("csto", at="2012-05-15", rules=["consensus", "majority"])`` loads the members in force on
that date, compiles each rule over them, computes every index exactly and returns an
:class:`Analysis`: a table per rule, a combined DataFrame, the JSON of ``pivotal analyze``, and
plain-language lines about any member (:func:`pivotal.compare.narrative.narrate`).

``compare`` puts two rules against each other (differences, who gains or loses a veto, how often
the organization can act); ``timeline`` follows every member through each change of membership:

>>> c = compare("csto", rules=["consensus", "majority"], at="2012-05-15")
>>> c.veto_lost
('ARM', 'BLR', 'KAZ', 'KGZ', 'RUS', 'TJK', 'UZB')
>>> c.act_ratio
Fraction(64, 1)
>>> t = timeline("csto", rules=["consensus"], end="2012-12-31")
>>> [(p.at.isoformat(), len(p.members)) for p in t.points]
[('1994-04-20', 9), ('1999-04-20', 6), ('2006-06-23', 7), ('2012-12-19', 6)]
"""

from __future__ import annotations

from pivotal.compare.analysis import (
    Analysis,
    RuleAnalysis,
    analyze,
    referenced_sources,
    resolve_snapshot,
)
from pivotal.compare.comparison import Comparison, compare
from pivotal.compare.history import Timeline, TimelinePoint, timeline

__all__ = [
    "Analysis",
    "Comparison",
    "RuleAnalysis",
    "Timeline",
    "TimelinePoint",
    "analyze",
    "compare",
    "referenced_sources",
    "resolve_snapshot",
    "timeline",
]
