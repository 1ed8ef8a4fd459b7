"""The syntax tree of a rule: small frozen dataclasses, each with its start offset in the text.

``start`` is a 0-based character offset into :attr:`Rule.text`; errors found after parsing (an
unknown attribute, a count larger than the body) use it to point at the spot in the rule.

Each form of the language is one node class in :data:`Expr` (``all of GROUP`` is :class:`AllOf`,
``against <= 3`` is :class:`Against`, ``requested by the host`` is :class:`RequestedBy`,
``majority, the chair breaking ties`` is :class:`CastingVote`); the
compiler dispatches on the node class and rejects classes it does not know, so adding a form
cannot silently change the meaning of existing ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, TypeAlias

__all__ = [
    "Against",
    "AllOf",
    "Amount",
    "And",
    "Attribute",
    "CastingVote",
    "Expr",
    "Group",
    "Majority",
    "Measure",
    "Members",
    "Node",
    "Or",
    "RequestedBy",
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
    """A name such as ``population`` or ``permanent``: a member attribute, or a group of members
    counted one each. Which of the two is decided when compiling, by the attributes and groups
    given there (a name that is both is refused as ambiguous)."""

    name: str


@dataclass(frozen=True)
class Group(Node):
    """A named group of members (``permanent members``, ``all of permanent``); every member of
    the group counts 1, every other member 0. Looked up in the groups given to compile."""

    name: str


Measure: TypeAlias = Members | Attribute | Group


@dataclass(frozen=True)
class Unanimity(Node):
    """Every member must agree. ``word`` is ``"consensus"`` or ``"unanimity"``.

    Both compile to the same game: a member that is not in the coalition (against, abstaining
    or absent) is not in favour, so it blocks. Adoption without a member that does not take part
    is expressed by compiling over the participating members only.
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
class AllOf(Node):
    """Every member of a group must be in favour (``all of permanent``); with :class:`Members`
    (``all members``) every member must."""

    group: Group | Members


@dataclass(frozen=True)
class Against(Node):
    """A blocking minority: the coalition passes when the members outside it (against) number at
    most (``<=``) or fewer than (``<``) the amount: ``against <= 3``, ``fewer than 4 against``.

    With n members, ``against <= K`` is ``members >= n - K``. ``form`` records how it was written.
    """

    op: Literal["<=", "<"]
    amount: Amount
    form: Literal["against", "fewer than", "at most"] = "against"


@dataclass(frozen=True)
class RequestedBy(Node):
    """The coalition must contain one member: ``requested by RUS`` names it (``member``, with
    ``member_start`` its offset); ``requested by the host`` and ``requested by the chair``
    (``member`` None) leave it to the ``host`` or the ``chair`` given when compiling, as ``role``
    says (``role`` is ignored when ``member`` is given)."""

    member: str | None
    member_start: int
    role: Literal["host", "chair"] = "host"


@dataclass(frozen=True)
class CastingVote(Node):
    """A part that needs more than half, with the chair breaking ties: ``majority, the chair
    breaking ties`` (also ``... with the chair breaking ties``, ``..., the chair breaks ties``).

    For a measure with weights w and total W (the member count, a group counted one per member,
    or an attribute), a coalition S passes when w(S) > W/2, or w(S) = W/2 and the chair c is in
    S. ``part`` is :class:`Majority` or a :class:`Threshold` with ``>`` and a share of exactly
    1/2; the parser refuses any other part, since only "more than half" has a tie to break.
    ``chair_start`` is the offset of the word ``chair``.
    """

    part: Majority | Threshold
    chair_start: int


@dataclass(frozen=True)
class And(Node):
    """Every part must be met. Nested ``and`` is flattened by the parser."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class Or(Node):
    """At least one part must be met. Nested ``or`` is flattened by the parser."""

    parts: tuple[Expr, ...]


Expr: TypeAlias = (
    Unanimity | Majority | Threshold | AllOf | Against | RequestedBy | CastingVote | And | Or
)


@dataclass(frozen=True)
class Rule:
    """A parsed rule: the text it came from and its syntax tree."""

    text: str
    body: Expr

    def __str__(self) -> str:
        return self.text
