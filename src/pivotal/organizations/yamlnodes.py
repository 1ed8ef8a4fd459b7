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
import gc
import math
import re
from typing import NoReturn

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pivotal.errors import PivotalError
from pivotal.organizations.provenance import Precision

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "NULL_TAG",
    "SOURCE_KEY",
    "NodeReader",
    "compose",
    "did_you_mean",
]

#: Limits on what a YAML file may be, so that no file can exhaust memory, the stack or the
#: user's patience: its size in bytes (UTF-8), how deep its lists and mappings nest, and how
#: many nodes (scalars, lists, mappings) it holds. A 100,000-member organization file is about
#: 18 MB, 6 levels and 2.3 million nodes.
MAX_BYTES = 20_000_000
MAX_DEPTH = 64
MAX_NODES = 5_000_000

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
    syntax error, and one that says ``what`` the file should hold when it is empty.

    The nodes are built here, without recursion, from the events of libyaml's parser
    (``yaml.CParser``; PyYAML's pure-Python parser where libyaml is missing), so that a file
    nested thousands of levels deep is refused by :data:`MAX_DEPTH` instead of overflowing the
    stack. Aliases (``*name``) are refused: expanding them is how a few lines of YAML become
    billions of nodes, and no pivotal format needs them. :data:`MAX_BYTES` and
    :data:`MAX_NODES` bound the rest; each limit is named in its error.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise PivotalError(
            label,
            f"a YAML file of at most {MAX_BYTES:,} bytes (MAX_BYTES)",
            f"{size:,} bytes",
            "Split the data, or load it through the Python API from a smaller file.",
        )
    try:
        node = _compose_events(text, label)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(text, label, exc) from None
    except yaml.YAMLError as exc:
        raise PivotalError(label, "well-formed YAML", str(exc), "Fix the YAML syntax.") from None
    if node is None:
        raise PivotalError(label, what, "an empty file", start_from)
    return node


def _syntax_error(text: str, label: str, exc: yaml.MarkedYAMLError) -> PivotalError:
    # libyaml's messages are terser than PyYAML's; the pure-Python parser, run again on the
    # failing text only, says what it expected and where an unclosed bracket began.
    if getattr(yaml, "__with_libyaml__", False):
        try:
            for _ in yaml.parse(text, Loader=yaml.SafeLoader):
                pass
        except yaml.MarkedYAMLError as slow:
            exc = slow
        except (yaml.YAMLError, RecursionError):
            pass
    mark = exc.problem_mark or exc.context_mark
    where = label if mark is None else f"{label}:{mark.line + 1}:{mark.column + 1}"
    problem = str(exc.problem or "")
    context = exc.context_mark
    # The parser stops where it notices the problem; an unclosed bracket or quote began
    # earlier, at the context mark, which is usually the line to fix.
    if exc.context and context is not None and context is not mark:
        problem += (
            f" ({exc.context} that starts at line {context.line + 1}, column {context.column + 1})"
        )
    return PivotalError(
        where,
        "well-formed YAML",
        problem or str(exc),
        "Fix the YAML syntax there (indentation, a missing ':', an unclosed quote or bracket).",
    )


_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


def _limit(label: str, mark: yaml.Mark, allowed: str, received: str, fix: str) -> PivotalError:
    return PivotalError(f"{label}:{mark.line + 1}:{mark.column + 1}", allowed, received, fix)


def _compose_events(text: str, label: str) -> Node | None:
    """Build the node tree of a single-document stream from parser events, iteratively."""
    loader_class = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    loader = loader_class(text)
    # Millions of new nodes, none of them garbage, would trigger the cycle collector again and
    # again over an ever larger heap (half the time of a large file); nodes form no cycles.
    collecting = gc.isenabled()
    gc.disable()
    try:
        root: Node | None = None
        stack: list[Node] = []
        keys: list[Node | None] = []
        documents = nodes = 0
        # Locals, not module attributes, in the loop that runs once per event.
        get_event = loader.get_event
        scalar_event, seq_start, map_start = (
            yaml.ScalarEvent,
            yaml.SequenceStartEvent,
            yaml.MappingStartEvent,
        )
        seq_end, map_end = yaml.SequenceEndEvent, yaml.MappingEndEvent
        resolvers = _RESOLVERS
        parent: Node | None = None
        in_sequence = False
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = _STR_TAG
                    if event.implicit[0]:
                        value = event.value
                        for candidate, regexp in resolvers.get(value[:1], ()):
                            if regexp.match(value):
                                tag = candidate
                                break
                node: Node = ScalarNode(
                    tag, event.value, event.start_mark, event.end_mark, style=event.style
                )
            elif kind is seq_start or kind is map_start:
                tag = event.tag
                if kind is seq_start:
                    node = SequenceNode(
                        _SEQ_TAG if tag in (None, "!") else tag,
                        [],
                        event.start_mark,
                        None,
                        event.flow_style,
                    )
                else:
                    node = MappingNode(
                        _MAP_TAG if tag in (None, "!") else tag,
                        [],
                        event.start_mark,
                        None,
                        event.flow_style,
                    )
            elif kind is seq_end or kind is map_end:
                stack.pop().end_mark = event.end_mark
                keys.pop()
                parent = stack[-1] if stack else None
                in_sequence = isinstance(parent, SequenceNode)
                continue
            elif kind is yaml.AliasEvent:
                raise _limit(
                    label,
                    event.start_mark,
                    "values written out (anchors '&name' and aliases '*name' are not read)",
                    f"the alias *{event.anchor}",
                    "Repeat the value instead of the alias.",
                )
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise yaml.composer.ComposerError(
                        "expected a single document in the stream",
                        None,
                        "but found another document",
                        event.start_mark,
                    )
                continue
            elif kind is yaml.StreamEndEvent:
                return root
            else:
                continue
            nodes += 1
            if nodes > MAX_NODES:
                raise _limit(
                    label,
                    event.start_mark,
                    f"at most {MAX_NODES:,} values in a file (MAX_NODES)",
                    "more",
                    "Split the data into several files.",
                )
            if parent is None:
                root = node
            elif in_sequence:
                parent.value.append(node)
            elif keys[-1] is None:
                keys[-1] = node
            else:
                parent.value.append((keys[-1], node))
                keys[-1] = None
            if kind is not scalar_event:
                if len(stack) >= MAX_DEPTH:
                    raise _limit(
                        label,
                        event.start_mark,
                        f"lists and mappings nested at most {MAX_DEPTH} levels deep (MAX_DEPTH)",
                        f"more than {MAX_DEPTH} levels",
                        "Flatten the file: pivotal's formats need fewer than ten levels.",
                    )
                stack.append(node)
                keys.append(None)
                parent = node
                in_sequence = kind is seq_start
    finally:
        if collecting:
            gc.enable()
        loader.dispose()


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
