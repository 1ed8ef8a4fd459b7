"""The organization file format as a declarative schema (pydantic v2 models) and its JSON Schema.

Each model below is one kind of entry of the file (see ``README.md`` in this folder): the keys it
allows, which are required, and the type of each value. Validating a file against them checks its
*shape* (unknown, missing and duplicate keys, types, ids, dates, numbers, the words a key allows)
and reports every problem at once; ``loader.py`` then checks what a schema cannot say (references
between entries, date order and overlaps, rule texts) and builds the model.

The file is read from YAML nodes, not from YAML's implicit typing: every scalar reaches the models
as its text (:class:`Scalar`, which keeps the YAML tag), so ``NO`` stays the id of Norway instead
of becoming ``False``, and a number is accepted only where it was written as a number.

:func:`json_schema` gives the same format as a JSON Schema (draft 2020-12), published as
``docs/organization.schema.json`` and printed by ``pivotal schema``, so that an editor can check a
file as it is typed (see ``docs/organizations.md``).

>>> sorted(json_schema()["required"])
['id', 'members', 'name', 'sources']
>>> json_schema()["$schema"]
'https://json-schema.org/draft/2020-12/schema'

References: [1] pydantic 2 documentation, https://docs.pydantic.dev/2.14/ ; [2] JSON Schema
draft 2020-12, https://json-schema.org/draft/2020-12/json-schema-core ; [3] YAML 1.1 types,
https://yaml.org/type/ (the implicit tags the YAML nodes carry).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pivotal.organizations.bodies import ABSTENTIONS
from pivotal.organizations.documents import RATIFICATION_OUTCOMES
from pivotal.organizations.provenance import STATUSES, Precision

__all__ = [
    "FORMATS",
    "FORMAT_VERSION",
    "OrganizationFile",
    "ParsedDate",
    "Scalar",
    "json_schema",
    "node_data",
]

#: The newest organization file format (``format:`` in the file). Format 2 adds groups, dated
#: attributes, bodies with matters, chairs and documents to format 1; a file that says
#: ``format: 1`` must not use them, a file without ``format:`` may.
FORMAT_VERSION = 2
FORMATS = (1, 2)

NULL_TAG = "tag:yaml.org,2002:null"
ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class Scalar(str):
    """A YAML scalar's text with its resolved tag (``tag:yaml.org,2002:int`` ...)."""

    tag: str

    def __new__(cls, value: str, tag: str) -> Scalar:
        self = super().__new__(cls, value)
        self.tag = tag
        return self


@dataclass
class Index:
    """Where each container of the converted data came from: its node, and its keys' nodes."""

    nodes: dict[int, Node]
    keys: dict[int, dict[str, Node]]
    values: dict[int, dict[str, Node]]
    items: dict[int, list[Node]]
    duplicates: list[tuple[Node, str, Node, Any]]
    odd_keys: list[tuple[Node, Node]]


def node_data(root: Node) -> tuple[Any, Index]:
    """Plain data (dicts, lists, :class:`Scalar`, ``None``) for a node tree, and its index.

    Without recursion (the tree may be deep); a duplicate key keeps its first value and is
    recorded, as is a key that is not a plain scalar.
    """
    index = Index({}, {}, {}, {}, [], [])

    def make(node: Node) -> Any:
        if isinstance(node, ScalarNode):
            return None if node.tag == NULL_TAG else Scalar(node.value, node.tag)
        out: Any = {} if isinstance(node, MappingNode) else []
        index.nodes[id(out)] = node
        todo.append((node, out))
        return out

    todo: list[tuple[Node, Any]] = []
    data = make(root)
    while todo:
        node, out = todo.pop()
        if isinstance(node, SequenceNode):
            index.items[id(out)] = list(node.value)
            out.extend(make(item) for item in node.value)
            continue
        keys: dict[str, Node] = {}
        values: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == NULL_TAG:
                index.odd_keys.append((key_node, node))
                continue
            key = key_node.value
            if key in keys:
                index.duplicates.append((key_node, key, keys[key], out))
                continue
            keys[key] = key_node
            values[key] = value_node
            out[key] = make(value_node)
        index.keys[id(out)] = keys
        index.values[id(out)] = values
    return data, index


# ----------------------------------------------------------------------------------- errors
def problem(allowed: str, received: object, fix: str, key: str | None = None) -> Exception:
    """A validation error carrying pivotal's message parts (``key``: a key to point at)."""
    return PydanticCustomError(
        "pivotal",
        "expected {allowed}",
        {"allowed": allowed, "received": received, "fix": fix, "key": key},
    )


def shown(value: Any) -> str:
    """How a received value is named in a message: its text, or 'a list', 'a mapping'."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(str(value))


# ---------------------------------------------------------------------------------- scalars
def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise problem("a text", shown(value), "Give a non-empty value.")
    return value.strip()


def _pattern(regex: re.Pattern[str], what: str) -> Any:
    def check(value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise problem(what, shown(value), "Give a non-empty value.")
        value = value.strip()
        if not regex.match(value):
            raise problem(what, repr(value), "Use letters, digits and '_' only.")
        return value

    return check


def _number(value: Any) -> int | float:
    number: Any = None
    if isinstance(value, Scalar) and value.tag.endswith((":int", ":float")):
        # YAML 1.1's own reading of the number (1_000, 0x1F, 1.5e3, .inf), as PyYAML reads it.
        number = _CONSTRUCTOR.construct_object(ScalarNode(value.tag, str(value)))
    if not isinstance(number, int | float) or isinstance(number, bool) or not math.isfinite(number):
        raise problem(
            "a finite number",
            shown(value),
            "Write the number without quotes or units (e.g. 144000000).",
        )
    return number


def _amount(value: Any) -> int | float:
    number = _number(value)
    if number < 0:
        raise problem(
            "a number ≥ 0 (rules weigh members by it)",
            repr(str(value)),
            "Fix the sign: votes, quotas, populations and weights are never negative.",
        )
    return number


_CONSTRUCTOR = SafeConstructor()


@dataclass(frozen=True)
class ParsedDate:
    """A date as written: the first day it stands for, its precision and its text."""

    day: _dt.date
    precision: Precision
    text: str


def _date(partial: bool) -> Any:
    allowed = "a date YYYY-MM-DD" + (
        " (or YYYY-MM / YYYY when the day is unknown)" if partial else ""
    )

    def check(value: Any) -> ParsedDate:
        raw = value.strip() if isinstance(value, str) else None
        match = _DATE.match(raw) if raw else None
        if raw is None or match is None or (not partial and match.group(3) is None):
            raise problem(allowed, shown(value), "Write the date as 1994-04-20.")
        year, month, day = match.groups()
        precision: Precision = "day" if day else "month" if month else "year"
        try:
            return ParsedDate(_dt.date(int(year), int(month or 1), int(day or 1)), precision, raw)
        except ValueError as exc:
            raise problem(allowed, repr(raw), f"That day does not exist ({exc}).") from None

    return check


def _words(options: tuple[str, ...], fix: str) -> Any:
    def check(value: Any) -> str:
        text = value.strip() if isinstance(value, str) else None
        if text not in options:
            from pivotal.organizations.yamlnodes import did_you_mean

            raise problem(
                "one of " + ", ".join(options),
                shown(value),
                did_you_mean(str(value), options) or fix,
            )
        return text

    return check


def _format(value: Any) -> int:
    known = [str(f) for f in FORMATS]
    if not (isinstance(value, Scalar) and value in known):
        raise problem(
            " or ".join(known),
            shown(value),
            f"This version of pivotal reads formats {', '.join(known)}; upgrade pivotal.",
        )
    return int(value)


_STRING = {"type": "string", "minLength": 1}
Text = Annotated[str, BeforeValidator(_text), WithJsonSchema(_STRING)]
MemberId = Annotated[
    str,
    BeforeValidator(_pattern(ID, "a member id: a letter, then letters, digits or '_' (e.g. RUS)")),
    WithJsonSchema({"type": "string", "pattern": ID.pattern}),
]


def _id(what: str) -> Any:
    return Annotated[
        str,
        BeforeValidator(_pattern(ID, what)),
        WithJsonSchema({"type": "string", "pattern": ID.pattern}),
    ]


SourceKey = Annotated[
    str,
    BeforeValidator(_pattern(KEY, "a source key of letters, digits, '_', '-', '.'")),
    WithJsonSchema({"type": "string", "pattern": KEY.pattern}),
]
_DATE_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": _DATE_PATTERN},
        {"type": "integer", "minimum": 1000, "maximum": 9999, "description": "a year"},
    ]
}
BareDate = Annotated[ParsedDate, BeforeValidator(_date(True)), WithJsonSchema(_DATE_SCHEMA)]
FullDate = Annotated[
    ParsedDate,
    BeforeValidator(_date(False)),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
Number = Annotated[int | float, BeforeValidator(_number), WithJsonSchema({"type": "number"})]
Amount = Annotated[
    int | float, BeforeValidator(_amount), WithJsonSchema({"type": "number", "minimum": 0})
]
Status = Annotated[
    str,
    BeforeValidator(_words(STATUSES, "Say how well the sources support it.")),
    WithJsonSchema({"enum": list(STATUSES)}),
]
Abstention = Annotated[
    str,
    BeforeValidator(
        _words(
            ABSTENTIONS,
            "Say whether an absent member blocks (absence_blocks) or the others decide "
            "without it (limited_format).",
        )
    ),
    WithJsonSchema({"enum": list(ABSTENTIONS)}),
]
Outcome = Annotated[
    str,
    BeforeValidator(
        _words(
            RATIFICATION_OUTCOMES,
            "Say whether the member ratified, or is recorded as pending or as having refused.",
        )
    ),
    WithJsonSchema({"enum": list(RATIFICATION_OUTCOMES)}),
]
Format = Annotated[int, BeforeValidator(_format), WithJsonSchema({"enum": list(FORMATS)})]


# ----------------------------------------------------------------------------------- models
class Entry(BaseModel):
    """A mapping of the file: unknown keys are errors (a typo must not drop a fact)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    #: What the entry is, for an error about its shape.
    what: ClassVar[str] = "a mapping"
    _src: Any = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _remember(cls, data: Any, handler: Any, info: ValidationInfo) -> Any:
        # The error messages name the keys this entry allows, and the loader points at the
        # entry's line: both need to know which model read which mapping.
        if not isinstance(data, dict):
            raise problem(cls.what, shown(data), "Write it as 'key: value' lines.")
        if isinstance(info.context, dict):
            info.context.setdefault("models", {})[id(data)] = cls
        entry = handler(data)
        entry._src = data
        return entry


class Fact(Entry):
    """Provenance of an entry: how well sourced (``status``), which ``sources``, a ``note``."""

    status: Status
    sources: list[SourceKey] | None = None
    note: Text | None = None


class OptionalFact(Entry):
    """Provenance that an entry may leave to the entry it belongs to."""

    status: Status | None = None
    sources: list[SourceKey] | None = None
    note: Text | None = None


class DateEntry(OptionalFact):
    """``{date, status, sources, note}``: a date with provenance of its own."""

    what: ClassVar[str] = "a date, or {date, status, sources, note}"
    date: BareDate


def _kind(value: Any) -> str:
    return "entry" if isinstance(value, dict) else "bare"


DateField = Annotated[
    Annotated[BareDate, Tag("bare")] | Annotated[DateEntry, Tag("entry")],
    Discriminator(_kind),
]


class Spell(Fact):
    what: ClassVar[str] = "{joined, left, status, sources, note}"
    joined: DateField
    left: DateField | None = None


class Interval(Fact):
    what: ClassVar[str] = "{from, to, status, sources, note}"
    from_: DateField = Field(alias="from")
    to: DateField | None = None


class SingleValue(Fact):
    what: ClassVar[str] = "{value: number, status: ..., sources: [...]}"
    value: Amount


class DatedValue(Fact):
    what: ClassVar[str] = "{value: number, from: date, status: ..., sources: [...]}"
    value: Amount
    from_: DateField = Field(alias="from")
    to: DateField | None = None


def _attribute_kind(value: Any) -> str:
    if isinstance(value, list):
        return "dated"
    if isinstance(value, dict):
        return "single"
    raise problem(
        "{value: number, status: ..., sources: [...]} or a list of such entries each with 'from:'",
        shown(value),
        "Give the value with its status and sources.",
    )


AttributeValue = Annotated[
    Annotated[SingleValue, Tag("single")]
    | Annotated[list[DatedValue], Field(min_length=1), Tag("dated")],
    Discriminator(_attribute_kind),
]


class EventEntry(Fact):
    what: ClassVar[str] = "{date, event, status, sources, note}"
    date: DateField
    event: Text


class MemberEntry(Entry):
    what: ClassVar[str] = "a member {id, name, memberships, ...}"
    id: MemberId
    name: Text
    memberships: list[Spell] = Field(min_length=1)
    suspended: list[Interval] | None = None
    frozen: list[Interval] | None = None
    attributes: (
        dict[
            Annotated[
                str, BeforeValidator(_pattern(ID, "an attribute name of letters, digits, '_'"))
            ],
            AttributeValue,
        ]
        | None
    ) = None
    events: list[EventEntry] | None = None
    note: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        # One shape for every member, however many spells: say so to whoever writes the short
        # form that other formats use.
        if isinstance(data, dict):
            for key in ("joined", "left"):
                if key in data:
                    raise problem(
                        "'joined'/'left' inside 'memberships:'",
                        repr(key),
                        "Write 'memberships:' with one entry per spell, e.g. "
                        "'- {joined: 1994-04-20, status: verified, sources: [key]}'.",
                        key=key,
                    )
        return data


class RuleEntry(Fact):
    what: ClassVar[str] = "{text: rule text, status: ..., sources: [...]}"
    text: Text


def _group_name(value: Any) -> str:
    name = _pattern(ID, "a group name of letters, digits and '_' (not 'all')")(value)
    if name == "all":
        raise problem(
            "a group name of letters, digits and '_' (not 'all')",
            repr(name),
            "Rename the group (e.g. permanent).",
        )
    return name


class GroupEntry(Fact):
    what: ClassVar[str] = "{members: [ids], status: ..., sources: [...]}"
    members: list[MemberId] = Field(min_length=1)
    name: Text | None = None


class MatterEntry(Fact):
    what: ClassVar[str] = "a matter {id, rule, status, ...}"
    id: Annotated[str, BeforeValidator(_pattern(ID, "a matter id of letters, digits, '_'"))]
    name: Text | None = None
    rule: Text
    abstention: Abstention = "absence_blocks"
    from_: DateField | None = Field(default=None, alias="from")
    to: DateField | None = None
    legal_basis: Text | None = None


class BodyEntry(OptionalFact):
    what: ClassVar[str] = "a body {id, name, matters, ...}"
    id: Annotated[str, BeforeValidator(_pattern(ID, "a body id of letters, digits, '_'"))]
    name: Text
    seats: Text = "all"
    default_matter: Text | None = None
    matters: list[MatterEntry] = Field(min_length=1)


class ChairEntry(Fact):
    what: ClassVar[str] = "{body, member, from, to, status, sources, note}"
    body: Text
    member: Text
    from_: DateField = Field(alias="from")
    to: DateField | None = None


class SignedEntry(OptionalFact):
    what: ClassVar[str] = "a date, or {date, place, status, sources, note}"
    date: DateField
    place: Text | None = None


class SignatoriesEntry(OptionalFact):
    what: ClassVar[str] = "a list of member ids, or {members, status, sources, note}"
    members: list[Text] = Field(min_length=1)


class RatificationEntry(Fact):
    what: ClassVar[str] = "{member, date, act, outcome, status, sources, note}"
    member: Text
    date: DateField | None = None
    act: Text | None = None
    outcome: Outcome = "ratified"


class DocumentEntry(Fact):
    what: ClassVar[str] = "a document {id, name, ...}"
    id: Annotated[str, BeforeValidator(_pattern(ID, "a document id (letters, '_')"))]
    name: Text
    amends: Text | None = None
    signed: (
        Annotated[
            Annotated[BareDate, Tag("bare")] | Annotated[SignedEntry, Tag("entry")],
            Discriminator(_kind),
        ]
        | None
    ) = None
    signatories: (
        Annotated[
            Annotated[list[Text], Field(min_length=1), Tag("list")]
            | Annotated[SignatoriesEntry, Tag("entry")],
            Discriminator(lambda v: "entry" if isinstance(v, dict) else "list"),
        ]
        | None
    ) = None
    in_force: DateField | None = None
    ratifications: list[RatificationEntry] | None = None


class OrganizationFile(Entry):
    """The whole file (see ``README.md`` in this folder for what each key means)."""

    what: ClassVar[str] = "an organization (a mapping with id, name, members and sources)"
    format: Format | None = None
    id: Annotated[
        str,
        BeforeValidator(_pattern(KEY, "an id (letters, digits, '_', '-', '.')")),
        WithJsonSchema({"type": "string", "pattern": KEY.pattern}),
    ]
    name: Text
    description: Text | None = None
    as_of: FullDate | None = None
    events: list[EventEntry] | None = None
    members: list[MemberEntry] = Field(min_length=1)
    rules: (
        dict[
            Annotated[str, BeforeValidator(_pattern(ID, "a rule name of letters, digits and '_'"))],
            RuleEntry,
        ]
        | None
    ) = None
    default_rule: Text | None = None
    groups: dict[Annotated[str, BeforeValidator(_group_name)], GroupEntry] | None = None
    bodies: list[BodyEntry] | None = Field(default=None, min_length=1)
    chairs: list[ChairEntry] | None = None
    documents: list[DocumentEntry] | None = None
    sources: dict[SourceKey, Text]


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an organization file, as published in
    ``docs/organization.schema.json`` (``pivotal schema`` prints it)."""
    schema = OrganizationFile.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "pivotal organization file (format 2)",
        "description": "Who was a member when, the bodies an organization decides in and the rule "
        "of each matter, chairs, documents and ratifications, with the source of every fact. "
        "See src/pivotal/organizations/README.md.",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }
