"""The syntax tree of a rule: small frozen dataclasses, each with its start offset in the text.

``start`` is a 0-based character offset into :attr:`Rule.text`; errors found after parsing (an
unknown attribute, a count larger than the body) use it to point at the spot in the rule.

New rule forms (``all of GROUP``, ``against <= 3``, ``requested by the host``, abstention) become
new node classes added to :data:`Expr`; the compiler dispatches on the node class and rejects
classes it does not know, so adding a form cannot silently change the meaning of existing ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, TypeAlias

__all__ = [
    "Amount",
    "And",
    "Attribute",
    "Expr",
    "Majority",
    "Measure",
    "Members",
    "Node",
    "Or",
    "Rule",
    "Threshold",
    "Unanimity",
]


@dataclass(frozen=True)
class Node:
    """Base of all nodes. ``start`` is the 0-based offset of the node's first character."""

    start: int


@dataclass(frozen=True)
class Amount(Node):
    """A number in a rule, as written.

    ``kind`` is ``"count"`` for a plain number (``5``, ``270``, ``1.5``), ``"percent"`` for
    ``65%`` and ``"fraction"`` for ``2/3``. ``value`` is the exact number: the count itself, or the
    share as a fraction of 1 (``65%`` has value 13/20). ``text`` is the amount as written.
    """

    value: Fraction
    kind: Literal["count", "percent", "fraction"]
    text: str

    @property
    def is_share(self) -> bool:
        """Whether the amount is a share of the total (a percentage or a fraction)."""
        return self.kind != "count"


@dataclass(frozen=True)
class Members(Node):
    """The member count: every member weighs 1."""


@dataclass(frozen=True)
class Attribute(Node):
    """A member attribute such as ``population``, looked up in the attributes given to compile."""

    name: str


Measure: TypeAlias = Members | Attribute


@dataclass(frozen=True)
class Unanimity(Node):
    """Every member must agree. ``word`` is ``"consensus"`` or ``"unanimity"``.

    Both compile to the same game today; they will differ in how abstentions count.
    """

    word: Literal["consensus", "unanimity"]


@dataclass(frozen=True)
class Majority(Node):
    """More than half of the members (``majority``, ``simple majority``)."""


@dataclass(frozen=True)
class Threshold(Node):
    """``measure op amount``: the supporters' total must reach (``>=``) or pass (``>``) the amount.

    ``form`` records how it was written (``at least``, ``more than`` or a comparison such as
    ``members >= 55%``), for descriptions only; it does not change the meaning.
    """

    measure: Measure
    op: Literal[">=", ">"]
    amount: Amount
    form: Literal["at least", "more than", "comparison"] = "comparison"


@dataclass(frozen=True)
class And(Node):
    """Every part must be met. Nested ``and`` is flattened by the parser."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class Or(Node):
    """At least one part must be met. Nested ``or`` is flattened by the parser."""

    parts: tuple[Expr, ...]


Expr: TypeAlias = Unanimity | Majority | Threshold | And | Or


@dataclass(frozen=True)
class Rule:
    """A parsed rule: the text it came from and its syntax tree."""

    text: str
    body: Expr

    def __str__(self) -> str:
        return self.text
