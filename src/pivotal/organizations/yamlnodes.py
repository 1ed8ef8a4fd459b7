"""Reading YAML files node by node, so that every error can name ``file:line:column``.

Organization files and scenario files share this: the text is composed into YAML nodes (which
keep their positions) and each value is read from a node's text, not from YAML's implicit typing,
so ``NO`` stays the id of Norway instead of becoming ``False``. :class:`NodeReader` holds the
checks every format needs (mappings with known keys, lists, texts, numbers, dates, statuses and
source keys); a format's reader subclasses it.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
import re
from typing import NoReturn

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pivotal.errors import PivotalError
from pivotal.organizations.model import Precision

__all__ = ["NULL_TAG", "SOURCE_KEY", "NodeReader", "compose", "did_you_mean"]

NULL_TAG = "tag:yaml.org,2002:null"
_NULL = NULL_TAG
#: Keys of the sources map (and ids of files): letters, digits, "_", "-", ".".
SOURCE_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def did_you_mean(word: str, options: object) -> str:
    """``Did you mean 'x'?`` for the closest option, or an empty string."""
    close = difflib.get_close_matches(word, list(options), n=1)  # type: ignore[call-overload]
    return f"Did you mean '{close[0]}'?" if close else ""


def compose(text: str, label: str, what: str, start_from: str) -> Node:
    """The YAML node tree of ``text``; a :class:`PivotalError` at ``label:line:column`` for a
    syntax error, and one that says ``what`` the file should hold when it is empty."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = label if mark is None else f"{label}:{mark.line + 1}:{mark.column + 1}"
        problem = str(exc.problem or "")
        context = exc.context_mark
        # The parser stops where it notices the problem; an unclosed bracket or quote began
        # earlier, at the context mark, which is usually the line to fix.
        if exc.context and context is not None and context is not mark:
            problem += (
                f" ({exc.context} that starts at line {context.line + 1}, "
                f"column {context.column + 1})"
            )
        raise PivotalError(
            where,
            "well-formed YAML",
            problem or str(exc),
            "Fix the YAML syntax there (indentation, a missing ':', an unclosed quote or bracket).",
        ) from None
    except yaml.YAMLError as exc:
        raise PivotalError(label, "well-formed YAML", str(exc), "Fix the YAML syntax.") from None
    except RecursionError:
        raise PivotalError(
            label,
            "YAML nested a reasonable number of levels deep",
            "nesting too deep to read",
            "Flatten the file: pivotal's formats need only a few levels.",
        ) from None
    if node is None:
        raise PivotalError(label, what, "an empty file", start_from)
    return node


class NodeReader:
    """The checks every YAML format of pivotal shares; each raises at the first problem with the
    file, line, column and path of the offending node."""

    #: The statuses a fact may have in this format.
    statuses: tuple[str, ...] = ()
    #: Statuses that claim a source says it: they need at least one source key.
    sourced_statuses: tuple[str, ...] = ()
    #: The status to suggest for a value without a source.
    weak_status: str = ""
    #: What the format calls one sourced entry, for messages ("fact", "value").
    what: str = "fact"

    def __init__(self, label: str) -> None:
        self.label = label
        self.sources: dict[str, str] = {}
        self._construct = SafeConstructor()

    @staticmethod
    def is_null(node: Node | None) -> bool:
        return node is None or (isinstance(node, ScalarNode) and node.tag == _NULL)

    def key_node(self, mapping: Node, value: Node) -> Node:
        """The key node of ``value`` in a mapping node (for errors about the key itself)."""
        return next(k for k, v in mapping.value if v is value)

    def optional_text(self, fields: dict[str, Node], key: str, path: str) -> str | None:
        return self.text(fields[key], f"{path}.{key}") if key in fields else None

    def where(self, node: Node, path: str) -> str:
        mark = node.start_mark
        return f"{self.label}:{mark.line + 1}:{mark.column + 1} ({path})"

    def fail(self, node: Node, path: str, allowed: str, received: object, fix: str) -> NoReturn:
        raise PivotalError(self.where(node, path), allowed, received, fix)

    @staticmethod
    def shown(node: Node) -> str:
        if isinstance(node, ScalarNode):
            return "nothing" if node.tag == _NULL else repr(node.value)
        return "a list" if isinstance(node, SequenceNode) else "a mapping"

    def mapping(
        self,
        node: Node,
        path: str,
        allowed: tuple[str, ...],
        required: tuple[str, ...] = (),
        what: str = "a mapping",
    ) -> dict[str, Node]:
        """The mapping's values by key; unknown, duplicate and missing keys are errors."""
        if not isinstance(node, MappingNode):
            self.fail(node, path, what, self.shown(node), f"Write {path} as 'key: value' lines.")
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key is None or (allowed and key not in allowed):
                self.fail(
                    key_node,
                    path,
                    "one of the keys " + ", ".join(allowed),
                    self.shown(key_node) if key is None else repr(key),
                    did_you_mean(str(key), allowed) or "Remove or rename that key.",
                )
            if key in out:
                self.fail(
                    key_node,
                    path,
                    "each key once",
                    repr(key),
                    f"Remove the second '{key}' (first at line {out[key].start_mark.line + 1}).",
                )
            out[key] = value_node
        missing = [k for k in required if k not in out]
        if missing:
            self.fail(
                node,
                path,
                "the keys " + ", ".join(required),
                "no " + ", ".join(missing),
                f"Add '{missing[0]}:' to {path}.",
            )
        return out

    def sequence(self, node: Node, path: str, what: str) -> list[Node]:
        if not isinstance(node, SequenceNode):
            self.fail(node, path, what, self.shown(node), "Write a list ('- ' items or [a, b]).")
        return list(node.value)

    def text(
        self, node: Node, path: str, pattern: re.Pattern[str] | None = None, what: str = "a text"
    ) -> str:
        if not isinstance(node, ScalarNode) or node.tag == _NULL or not node.value.strip():
            self.fail(node, path, what, self.shown(node), "Give a non-empty value.")
        value = node.value.strip()
        if pattern is not None and not pattern.match(value):
            self.fail(node, path, what, repr(value), "Use letters, digits and '_' only.")
        return value

    def number(self, node: Node, path: str) -> int | float:
        value = None
        if isinstance(node, ScalarNode) and node.tag.endswith((":int", ":float")):
            value = self._construct.construct_object(node)
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not math.isfinite(value)
        ):
            self.fail(
                node,
                path,
                "a finite number",
                self.shown(node),
                "Write the number without quotes or units (e.g. 144000000).",
            )
        return value

    def date(self, node: Node, path: str, partial: bool = True) -> tuple[_dt.date, Precision, str]:
        allowed = "a date YYYY-MM-DD" + (
            " (or YYYY-MM / YYYY when the day is unknown)" if partial else ""
        )
        raw = node.value.strip() if isinstance(node, ScalarNode) and node.tag != _NULL else None
        match = _DATE.match(raw) if raw else None
        if raw is None or match is None or (not partial and match.group(3) is None):
            self.fail(node, path, allowed, self.shown(node), "Write the date as 1994-04-20.")
        year, month, day = match.groups()
        precision: Precision = "day" if day else "month" if month else "year"
        try:
            value = _dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError as exc:
            self.fail(node, path, allowed, repr(raw), f"That day does not exist ({exc}).")
        return value, precision, raw

    def status(self, node: Node, path: str) -> str:
        value = node.value if isinstance(node, ScalarNode) else None
        if value not in self.statuses:
            self.fail(
                node,
                path,
                "one of " + ", ".join(self.statuses),
                self.shown(node),
                did_you_mean(str(value), self.statuses) or "Say how well the sources support it.",
            )
        return value

    def source_keys(self, node: Node, path: str) -> tuple[str, ...]:
        keys = []
        for i, item in enumerate(self.sequence(node, path, "a list of source keys, e.g. [ria]")):
            key = self.text(item, f"{path}[{i}]", what="a source key")
            if key not in self.sources:
                hint = did_you_mean(key, self.sources)
                self.fail(
                    item,
                    f"{path}[{i}]",
                    "a key of the 'sources:' map",
                    repr(key),
                    hint or f"Add '{key}: <URL or citation>' under sources:, or fix the key.",
                )
            keys.append(key)
        return tuple(keys)

    def source_map(self, node: Node) -> dict[str, str]:
        fields = self.mapping(node, "sources", (), what="a mapping of key to URL or citation")
        out = {}
        for key, value in fields.items():
            key_node = next(k for k, v in node.value if v is value)
            if not SOURCE_KEY.match(key):
                self.fail(
                    key_node,
                    "sources",
                    "a key of letters, digits and '_'",
                    repr(key),
                    "Rename the key (e.g. ria_2025_history).",
                )
            out[key] = self.text(value, f"sources.{key}", what="a URL or a citation")
        return out

    def provenance(
        self,
        fields: dict[str, Node],
        node: Node,
        path: str,
        inherited: tuple[str, tuple[str, ...], str | None] | None = None,
    ) -> tuple[str, tuple[str, ...], str | None]:
        """``(status, sources, note)`` of an entry; ``inherited`` fills in what it leaves out."""
        if "status" in fields:
            status = self.status(fields["status"], f"{path}.status")
        elif inherited is not None:
            status = inherited[0]
        else:
            self.fail(
                node,
                path,
                f"a 'status:' on every {self.what}",
                "no status",
                f"Add 'status: {' | '.join(self.statuses)}'.",
            )
        if "sources" in fields:
            sources = self.source_keys(fields["sources"], f"{path}.sources")
        else:
            sources = inherited[1] if inherited is not None else ()
        if "note" in fields:
            note: str | None = self.text(fields["note"], f"{path}.note")
        else:
            note = inherited[2] if inherited is not None else None
        # A claim that a source says it needs the source; without one it is weaker.
        if status in self.sourced_statuses and not sources:
            self.fail(
                node,
                path,
                f"at least one source for a {status} {self.what}",
                "no sources",
                f"Add 'sources: [key]' (a key of the sources: map), or mark the {self.what} "
                f"{self.weak_status}.",
            )
        return status, sources, note
