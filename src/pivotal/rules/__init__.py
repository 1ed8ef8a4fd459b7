"""Decision rules written as text, parsed (never evaluated as Python) and compiled into games.

A rule says which coalitions of members can pass a proposal. The language is small: unanimity
(``consensus``, ``unanimity``), member counts (``majority``, ``at least 5 of members``,
``at least 2/3 of members``, ``members >= 55%``), member attributes (``population >= 65%``,
``electors >= 270``), named groups (``all of permanent``, ``at least 3 of permanent``), blocking
minorities (``against <= 3``, ``fewer than 4 against``), the request of one member
(``requested by the host``, ``requested by the chair``, ``requested by KAZ``), the chair's casting
vote (``majority, the chair breaking ties``) and their combinations with ``and``, ``or`` and
parentheses; ``and`` binds tighter than ``or``. :data:`GRAMMAR_HELP` lists every form.

A member not in a coalition is not in favour (against, abstaining or absent alike), so under
``consensus`` absence blocks; adoption without a non-participating member is a game over the
participating members only, which is the ``members`` the rule is compiled with.

The CSTO decides by consensus; with its seven members of 2006-2012 (Uzbekistan included):

>>> from pivotal.rules import compile_rule, describe_rule, parse_rule
>>> csto = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
>>> compile_rule("consensus", csto)
WeightedGame([7; 1, 1, 1, 1, 1, 1, 1])
>>> compile_rule("majority", csto)
WeightedGame([4; 1, 1, 1, 1, 1, 1, 1])
>>> compile_rule("at least 2/3 of members", csto)
WeightedGame([5; 1, 1, 1, 1, 1, 1, 1])
>>> describe_rule("majority", csto)
'more than half of the members (4 of 7)'

Quotas are exact: 55% of 7 members is 3.85, so 4 are needed. Weighted by population
(illustrative figures in millions), an EU-style double majority is one multi-criteria game:

>>> population = {"population": {"ARM": 3, "BLR": 9.5, "KAZ": 16, "KGZ": 5.5, "RUS": 142,
...                               "TJK": 7.5, "UZB": 29}}
>>> g = compile_rule("members >= 55% and population >= 65%", csto, population)
>>> g
MultiWeightedGame(members: [4; 1, 1, 1, 1, 1, 1, 1]; population: [1105; 24, 76, 128, 44, ...])
>>> g.criteria[1].scale  # 65% of the total 212.5 is 138.125, which times 8 is 1105
8
>>> g.is_winning(["RUS", "ARM", "KGZ", "TJK"]), g.is_winning(["BLR", "KAZ", "KGZ", "UZB"])
(True, False)

``or`` gives an :class:`~pivotal.games.OrGame`; an ``and`` that contains an ``or`` gives an
:class:`~pivotal.games.AndGame`. A strict ``>`` needs one smallest step more: population above
106.25 means, counted in halves of a million, at least 213:

>>> compile_rule("consensus or (majority and population > 50%)", csto, population)
OrGame(WeightedGame([7; ...]), MultiWeightedGame(members: [4; ...]; population: [213; 6, 19, ...]))
>>> compile_rule("(majority or population > 50%) and at least 3 members", csto, population)
AndGame(WeightedGame([3; ...]), OrGame(WeightedGame([4; ...]), WeightedGame([213; ...])))

The UN Security Council (substantive matters) needs its five permanent members and nine of the
fifteen; the EU Council's qualified majority can also pass with fewer than four members against:

>>> unsc = ["CHN", "FRA", "GBR", "RUS", "USA"] + [f"E{i}" for i in range(1, 11)]
>>> p5 = {"permanent": unsc[:5]}
>>> compile_rule("all of permanent and members >= 9", unsc, groups=p5).criteria[0]
Criterion(weights=(1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), quota=5, name='permanent', scale=1)
>>> g = compile_rule("consensus or against <= 1", csto)
>>> g.is_winning(csto[1:]), g.is_winning(csto[2:])
(True, False)
>>> compile_rule("requested by the host and majority", csto, host="KAZ")
MultiWeightedGame(requested by KAZ: [1; 0, 0, 1, 0, 0, 0, 0]; members: [4; 1, 1, 1, 1, 1, 1, 1])

Errors point at the spot in the rule and say what was expected there:

>>> compile_rule("majority and populaton >= 65%", csto, population)
Traceback (most recent call last):
...
pivotal.rules.located.RuleError: rule, column 14: expected an attribute name: population; received
  'majority and populaton >= 65%'
                ^
There is no attribute 'populaton'. Did you mean 'population'?
"""

from pivotal.rules.compiler import AttributeValue, compile_rule
from pivotal.rules.describe import describe_rule
from pivotal.rules.help import GRAMMAR_HELP
from pivotal.rules.located import RuleError
from pivotal.rules.nodes import (
    Against,
    AllOf,
    Amount,
    And,
    Attribute,
    CastingVote,
    Expr,
    Group,
    Majority,
    Members,
    Or,
    RequestedBy,
    Rule,
    Threshold,
    Unanimity,
)
from pivotal.rules.parser import RULE_FORMS, parse_rule

__all__ = [
    "GRAMMAR_HELP",
    "RULE_FORMS",
    "Against",
    "AllOf",
    "Amount",
    "And",
    "Attribute",
    "AttributeValue",
    "CastingVote",
    "Expr",
    "Group",
    "Majority",
    "Members",
    "Or",
    "RequestedBy",
    "Rule",
    "RuleError",
    "Threshold",
    "Unanimity",
    "compile_rule",
    "describe_rule",
    "parse_rule",
]
