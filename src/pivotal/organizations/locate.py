"""Where a problem of an organization file is: :class:`Problem`, and schema errors located.

A problem is one line, ``file:line:column: path: expected ...; received ... Fix.``, where
``line:column`` is the start mark of the YAML node it is about (both counted from 1) and
``path`` names the entry the way a reader finds it (``members[RUS].memberships[0].joined``: a
list item by its ``id`` when it has one, else by its index). The :class:`Locator` keeps the
problems of one file and maps each pydantic error of :mod:`~pivotal.organizations.schema` back
to its node through the :class:`~pivotal.organizations.schema.Index` built while composing
(data object -> node); a misspelt key, which pydantic reports twice (an unknown key and a
missing one), becomes one problem at the typo with "Did you mean ...".

Package-private: :mod:`pivotal.organizations.loader` is the public face (``Problem`` is
importable from there too).

>>> p = Problem("org.yaml", 7, 15, "members[A].frozen[0]", "one of the keys from, to", "'frm'",
...             "Did you mean 'from'?")
>>> p.message()
"org.yaml:7:15: members[A].frozen[0]: expected one of the keys from, to; received 'frm'. Did \
you mean 'from'?"
>>> from pivotal.organizations.loader import validate_text
>>> [(q.line, q.column, q.path) for q in validate_text('''
... id: demo
... nmae: Demo
... members: [{id: A, name: A, memberships: [{joined: 2001, status: unverified}]}]
... sources: {}
... ''')]  # a misspelt key: one problem at the typo, not also 'no name'
[(3, 1, 'nmae')]

References:
    [1] pydantic 2, "Error handling": the ``loc`` and ``type`` of each validation error,
        https://docs.pydantic.dev/latest/errors/errors/
    [2] PyYAML, "Nodes and marks" (``start_mark.line`` / ``.column``, counted from 0),
        https://pyyaml.org/wiki/PyYAMLDocumentation
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from yaml.nodes import Node

from pivotal.errors import PivotalError
from pivotal.organizations.schema import ID, Entry, Index, OrganizationFile, shown
from pivotal.organizations.yamlnodes import did_you_mean


@dataclass(frozen=True)
class Problem:
    """One problem of a file: where (``label:line:column`` and the path in the file), what is
    allowed, what was received, and how to fix it."""

    label: str
    line: int
    column: int
    path: str
    allowed: str
    received: str
    fix: str

    def error(self) -> PivotalError:
        """The problem as the error that loading raises (the message shape of every error)."""
        return PivotalError(
            f"{self.label}:{self.line}:{self.column} ({self.path})",
            self.allowed,
            self.received,
            self.fix,
        )

    def message(self) -> str:
        """``file:line:column: path: expected ...; received ... Fix.`` (one line)."""
        error = PivotalError(self.path, self.allowed, self.received, self.fix)
        return f"{self.label}:{self.line}:{self.column}: {error}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.label,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "expected": self.allowed,
            "received": self.received,
            "fix": self.fix,
            "message": self.message(),
        }


class FileProblemsError(PivotalError):
    """A file with problems: the first is the message (with how many more there are and the
    command that lists them), ``problems`` holds all."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        self.problems = problems
        more = len(problems) - 1
        fix = first.fix
        if more:
            fix += (
                f" ({more} more problem{'s' if more > 1 else ''} in this file: "
                f"'pivotal validate {first.label}' lists them all.)"
            )
        super().__init__(
            f"{first.label}:{first.line}:{first.column} ({first.path})",
            first.allowed,
            first.received,
            fix,
        )


class Locator:
    """The problems of one file, each at the node it is about; schema errors mapped to nodes."""

    def __init__(self, label: str, index: Index) -> None:
        self.label = label
        self.index = index
        self.problems: list[Problem] = []
        self.models: dict[int, type[Entry]] = {}

    # ----------------------------------------------------------------------- problems
    def add(self, node: Node, path: str, allowed: str, received: object, fix: str) -> None:
        mark = node.start_mark
        text = received if isinstance(received, str) else repr(received)
        self.problems.append(
            Problem(self.label, mark.line + 1, mark.column + 1, path, allowed, text, fix)
        )

    def sorted(self) -> list[Problem]:
        seen: set[tuple[int, int, str, str]] = set()
        out = []
        for p in sorted(self.problems, key=lambda p: (p.line, p.column)):
            key = (p.line, p.column, p.path, p.allowed)
            if key not in seen:
                seen.add(key)
                out.append(p)
        return out

    def node(self, entry: Entry | Any, key: str | None = None) -> Node:
        """The node of an entry's mapping, or of the value of one of its keys."""
        data = entry._src if isinstance(entry, Entry) else entry
        if key is not None:
            found = self.index.values.get(id(data), {}).get(key)
            if found is not None:
                return found
        return self.index.nodes[id(data)]

    def key_node(self, entry: Entry, key: str) -> Node:
        return self.index.keys.get(id(entry._src), {}).get(key) or self.node(entry)

    def item(self, entry: Entry, key: str, i: int) -> Node:
        items = self.index.items.get(id(entry._src.get(key)), [])
        return items[i] if i < len(items) else self.node(entry, key)

    # ---------------------------------------------------------------- schema problems
    def path_of(self, data: Any, loc: Iterable[Any]) -> tuple[str, Any, Any]:
        """(path text, the data at the deepest step of ``loc`` found, its parent)."""
        parts: list[str] = []
        here, parent = data, None
        for step in loc:
            if isinstance(here, dict) and isinstance(step, str) and step in here:
                parts.append(f".{step}" if parts else step)
                here, parent = here[step], here
            elif isinstance(here, list) and isinstance(step, int) and 0 <= step < len(here):
                item = here[step]
                name = item.get("id") if isinstance(item, dict) else None
                shown = name.strip() if isinstance(name, str) and ID.match(name.strip()) else step
                parts.append(f"[{shown}]")
                here, parent = item, here
        return "".join(parts) or "top level", here, parent

    def path_to(self, data: Any, target: Any) -> str:
        """The path of the container ``target`` in ``data`` (searched: only for errors)."""
        todo: list[tuple[Any, list[Any]]] = [(data, [])]
        while todo:
            here, loc = todo.pop()
            if here is target:
                return self.path_of(data, loc)[0]
            if isinstance(here, dict):
                todo.extend((v, [*loc, k]) for k, v in here.items() if isinstance(v, dict | list))
            elif isinstance(here, list):
                todo.extend(
                    (v, [*loc, i]) for i, v in enumerate(here) if isinstance(v, dict | list)
                )
        return "top level"

    def schema(self, data: Any) -> OrganizationFile | None:
        from pydantic import ValidationError

        context: dict[str, Any] = {}
        try:
            return OrganizationFile.model_validate(data, context=context)
        except ValidationError as exc:
            self.models = context.get("models", {})
            errors = exc.errors(include_url=False)
            # A misspelt key is both an unknown key and a missing one: say it once, at the typo
            # (whose message says "Did you mean ...").
            typos = {
                (tuple(e["loc"][:-1]), m)
                for e in errors
                if e["type"] == "extra_forbidden"
                for m in difflib.get_close_matches(str(e["loc"][-1]), _all_keys(), n=3)
            }
            for err in errors:
                if err["type"] == "missing" and (tuple(err["loc"][:-1]), err["loc"][-1]) in typos:
                    continue
                self.schema_problem(data, err)
            return None

    def schema_problem(self, data: Any, err: Any) -> None:
        loc = [s for s in err["loc"] if s not in ("bare", "entry", "single", "dated", "list")]
        kind = err["type"]
        path, here, parent = self.path_of(data, loc)
        found = loc and path != "top level" and _reached(data, loc)
        if kind == "missing":
            holder = here if isinstance(here, dict) else parent
            key = str(loc[-1])
            model = self.models.get(id(holder)) if holder is not None else None
            required = _required(model) if model is not None else [key]
            node = self.index.nodes.get(id(holder), self.index.nodes[id(data)])
            self.add(
                node,
                path,
                "the keys " + ", ".join(required),
                f"no {key}",
                f"Add '{key}:' to {path}.",
            )
            return
        if kind == "extra_forbidden":
            key = str(loc[-1])
            holder = parent if found else here
            model = self.models.get(id(holder)) if isinstance(holder, dict) else None
            allowed = _allowed(model) if model is not None else []
            node = self.index.keys.get(id(holder), {}).get(key) or self.index.nodes[id(data)]
            where = path.rsplit(".", 1)[0] if found and "." in path else path
            self.add(
                node,
                where,
                "one of the keys " + ", ".join(allowed),
                repr(key),
                did_you_mean(key, allowed) or "Remove or rename that key.",
            )
            return
        node = self._node_at(data, loc)
        if kind == "pivotal":
            ctx = err["ctx"]
            if ctx.get("key"):
                node = self.index.keys.get(id(here), {}).get(ctx["key"], node)
            self.add(node, path, ctx["allowed"], ctx["received"], ctx["fix"])
            return
        if kind in ("list_type", "too_short"):
            what = _LISTS.get(str(loc[-1]) if loc else "", "a list")
            if kind == "too_short":
                self.add(node, path, f"at least one entry in {what}", "an empty list", "Add one.")
            else:
                self.add(
                    node, path, what, shown(err["input"]), "Write a list ('- ' items or [a, b])."
                )
            return
        if kind in ("dict_type", "model_type", "model_attributes_type"):
            self.add(node, path, "a mapping", shown(err["input"]), f"Write {path} as 'key: value'.")
            return
        self.add(node, path, err["msg"], shown(err.get("input")), "Fix the value.")

    def _node_at(self, data: Any, loc: list[Any]) -> Node:
        here = data
        node = self.index.nodes[id(data)]
        for step in loc:
            if isinstance(here, dict) and isinstance(step, str) and step in here:
                node = self.index.values[id(here)][step]
                here = here[step]
            elif isinstance(here, list) and isinstance(step, int) and 0 <= step < len(here):
                node = self.index.items[id(here)][step]
                here = here[step]
            else:
                break
        return node


#: What each list of the format holds, for errors about it.
_LISTS = {
    "sources": "a list of source keys, e.g. [ria]",
    "members": "a list (of members, or of member ids, e.g. [RUS, KAZ])",
    "signatories": "a list of member ids, e.g. [RUS, KAZ]",
    "memberships": "a list of {joined, left} entries",
    "suspended": "a list of {from, to} entries",
    "frozen": "a list of {from, to} entries",
    "matters": "a list of matters",
    "bodies": "a list of bodies",
    "chairs": "a list of chairs",
    "documents": "a list of documents",
    "ratifications": "a list of ratifications",
    "events": "a list of events",
}


def _all_keys() -> list[str]:
    """Every key the format knows (for telling a misspelt key from a missing one)."""
    from pivotal.organizations import schema

    keys: set[str] = set()
    for obj in vars(schema).values():
        if isinstance(obj, type) and issubclass(obj, Entry):
            keys.update(_allowed(obj))
    return sorted(keys)


def _required(model: type[Entry]) -> list[str]:
    return [f.alias or n for n, f in model.model_fields.items() if f.is_required()]


def _allowed(model: type[Entry]) -> list[str]:
    return [f.alias or n for n, f in model.model_fields.items()]


def _reached(data: Any, loc: list[Any]) -> bool:
    """Whether every step of ``loc`` exists in the data (an extra key's loc does)."""
    here = data
    for step in loc:
        in_list = isinstance(here, list) and isinstance(step, int) and 0 <= step < len(here)
        if (isinstance(here, dict) and step in here) or in_list:
            here = here[step]
        else:
            return False
    return True
