"""Read and validate an organization file: YAML nodes -> schema (``schema.py``) -> checks -> model.

Every check runs when a file is loaded, and every problem is found before any is reported:

1. the YAML is composed into nodes (which keep their positions), within the size, depth and
   node limits of :mod:`pivotal.organizations.yamlnodes`;
2. the nodes' data is validated against the declarative schema (keys, types, ids, dates,
   numbers, the words a key allows); every problem is collected;
3. when the shape is right, what a schema cannot say is checked, again collecting every
   problem: provenance (sources cited exist; a verified fact cites one), references (members in
   groups, chairs, signatories and ratifications; groups in ``seats``; bodies of chairs; rules
   of matters and ``default_rule``; matters of ``default_matter``; documents in ``amends``),
   dates (each end after its start; spells, suspensions, freezes, chairs of a body and entries
   of a matter that do not overlap; documents that do not amend each other in a cycle), and
   every rule text, compiled over the members, attributes and groups of each day on which they
   change while the rule is in force.

Each problem is a :class:`Problem` at ``file:line:column``; :func:`validate_text` returns them
all (``pivotal validate``), :func:`loads` raises :class:`OrganizationFileError` (a
:class:`~pivotal.errors.PivotalError`) with the first and the count, so a bad file never yields a
half-checked organization.

The reader is built in layers, one module per concept, as the model is
(docs/design.md, "Layout"):

- :mod:`~pivotal.organizations.locate`: :class:`Problem`, schema errors mapped to their nodes;
- :mod:`~pivotal.organizations.read_provenance`: status, sources, notes, dates and periods;
- :mod:`~pivotal.organizations.read_members`: members, spells, suspensions, freezes, attributes;
- :mod:`~pivotal.organizations.read_bodies`: named rules, groups, bodies, matters, chairs;
- :mod:`~pivotal.organizations.read_documents`: documents, signatures, ratifications;
- :mod:`~pivotal.organizations.rule_checks`: every rule text compiled over its days
  (:data:`RULE_CHECK_BUDGET`, :data:`RULE_CHECK_DAYS`);

and this module, the public face: it reads the file, runs the layers in order and builds the
:class:`~pivotal.organizations.model.Organization`.

>>> org = loads('''
... id: demo
... name: Demo
... members:
...   - id: A
...     name: Aland
...     memberships: [{joined: 2001-03, status: verified, sources: [s]}]
... sources: {s: https://example.org}
... ''')
>>> org.members[0].memberships[0].start
DateFact(date=datetime.date(2001, 3, 1), status='verified', sources=('s',), note=None, \
precision='month', text='2001-03')
>>> for p in validate_text('''
... id: demo
... name: Demo
... members:
...   - {id: A, name: Aland, memberships: [{joined: 2001, status: verifed}]}
... rules: {r: {text: "all of core"}}
... sources: {}
... ''', "demo.yaml"):
...     print(p.message())  # doctest: +NORMALIZE_WHITESPACE
demo.yaml:5:63: members[A].memberships[0].status: expected one of verified, derived,
  partly_verified, unverified; received 'verifed'. Did you mean 'verified'?
demo.yaml:6:12: rules.r: expected the keys status, text; received no status.
  Add 'status:' to rules.r.
"""

from __future__ import annotations

import gc
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from pivotal.errors import PivotalError
from pivotal.organizations.locate import FileProblemsError, Problem
from pivotal.organizations.model import Organization
from pivotal.organizations.read_documents import DocumentsReader
from pivotal.organizations.rule_checks import RULE_CHECK_BUDGET, RULE_CHECK_DAYS, RuleChecker
from pivotal.organizations.schema import FORMAT_VERSION, FORMATS, OrganizationFile, node_data
from pivotal.organizations.yamlnodes import compose

logger = logging.getLogger(__name__)

__all__ = [
    "FORMATS",
    "FORMAT_VERSION",
    "RULE_CHECK_BUDGET",
    "RULE_CHECK_DAYS",
    "Checked",
    "OrganizationFileError",
    "Problem",
    "check_text",
    "load_file",
    "loads",
    "validate_file",
    "validate_text",
]

_WHAT = "an organization (a mapping with id, name, members and sources)"
_START = "Start from the bundled csto.yaml as a template."
_FORMAT_2_KEYS = ("groups", "bodies", "chairs", "documents")


class OrganizationFileError(FileProblemsError):
    """An organization file with problems: the first is the message, ``problems`` holds all."""


@dataclass
class Checked:
    """What validation found: the problems, and the organization when there are none."""

    problems: list[Problem]
    organization: Organization | None
    rule_days: tuple[int, int] = (0, 0)  # (days checked, distinct days) for the rule texts


def _read(path: str | os.PathLike[str], label: str | None) -> tuple[Path, str, str]:
    p = Path(path)
    shown = label or str(p)
    try:
        exists = p.is_file()
    except (OSError, ValueError):  # a name too long for the system, or with a NUL
        exists = False
    if not exists:
        raise PivotalError(
            "path",
            "an existing organization file (.yaml)",
            str(path),
            "Check the path, or pass the name of a bundled organization.",
        )
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PivotalError(
            shown, "a readable UTF-8 text file", type(exc).__name__, "Save the file as UTF-8."
        ) from exc
    return p, shown, text


def load_file(path: str | os.PathLike[str], label: str | None = None) -> Organization:
    """Load and validate the organization file at ``path``."""
    p, shown, text = _read(path, label)
    org = loads(text, label=shown)
    org.path = str(p)
    return org


def loads(text: str, label: str = "<string>") -> Organization:
    """Load and validate an organization from YAML text; ``label`` names it in error messages."""
    checked = check_text(text, label)
    if checked.problems:
        raise OrganizationFileError(checked.problems)
    assert checked.organization is not None  # no problems: built
    return checked.organization


def validate_text(text: str, label: str = "<string>") -> list[Problem]:
    """Every problem of an organization file's text, in file order (empty: the file is valid).

    A file that is not YAML, or is over a limit, raises :class:`PivotalError` instead: there is
    nothing to check further.
    """
    return check_text(text, label).problems


def validate_file(path: str | os.PathLike[str], label: str | None = None) -> Checked:
    """Check the file at ``path``: its problems, and the organization when there are none."""
    p, shown, text = _read(path, label)
    checked = check_text(text, shown)
    if checked.organization is not None:
        checked.organization.path = str(p)
    return checked


def check_text(text: str, label: str = "<string>") -> Checked:
    """Validate ``text`` (schema, then the checks between entries, then the rule texts)."""
    # A large file makes millions of objects that all live on; the cycle collector would walk
    # the growing heap again and again (most of the time of a 100,000-member file) for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check(text, label)
    finally:
        if collecting:
            gc.enable()


def _check(text: str, label: str) -> Checked:
    root = compose(text, label, _WHAT, _START)
    data, index = node_data(root)
    reader = _Reader(label, index)
    for key_node, _key, first, holder in index.duplicates:
        reader.add(
            key_node,
            reader.path_to(data, holder),
            "each key once",
            repr(_key),
            f"Remove the second '{_key}' (first at line {first.start_mark.line + 1}).",
        )
    for key_node, _ in index.odd_keys:
        reader.add(key_node, "key", "a key of plain text", "a key that is not text", "Rename it.")
    parsed = reader.schema(data)
    if parsed is None or reader.problems:
        return Checked(reader.sorted(), None)
    org = reader.organization(parsed)
    if reader.problems:
        # The rule texts are still compiled, so one run lists those problems too; an entry left
        # inconsistent by a problem above may stop that (its own problem is already listed).
        try:
            reader.check_rules(org, parsed)
        except Exception:  # any failure here follows from a problem already listed
            logger.debug("rule checks stopped by an earlier problem", exc_info=True)
        return Checked(reader.sorted(), None)
    days = reader.check_rules(org, parsed)
    return Checked(reader.sorted(), None if reader.problems else org, days)


class _Reader(RuleChecker, DocumentsReader):
    """Every layer of the reader, from schema errors located to rule texts compiled, on one file.

    The layers build on each other (``Locator`` <- ``ProvenanceReader`` <- ``MembersReader`` <-
    ``BodiesReader`` <- ``RuleChecker``, and ``MembersReader`` <- ``DocumentsReader``); each
    collects its problems in ``problems`` rather than stopping at the first.
    """

    def organization(self, top: OrganizationFile) -> Organization:
        """The model of a file whose shape is right, every check between entries run."""
        self.sources = dict(top.sources)
        if top.format is not None:
            self.format = top.format
            if self.format == 1:
                for key in _FORMAT_2_KEYS:
                    if getattr(top, key) is not None:
                        self.format_flagged = True
                        self.add(
                            self.key_node(top, key),
                            key,
                            f"format 2 for '{key}'",
                            "a file that says format: 1",
                            "Change 'format: 1' to 'format: 2' at the top of the file.",
                        )
        events = self.events(top.events, top, "events") if top.events else ()
        members = self.members(top)
        rules = self.named_rules(top)
        default = self.default_rule(top, rules)
        self.groups = self.group_map(top)
        self.bodies = self.body_list(top, rules)
        chairs = self.chairs(top)
        documents = self.documents(top)
        return Organization(
            id=top.id,
            name=top.name,
            description=top.description or "",
            members=members,
            rules=rules,
            default_rule=default,
            sources=self.sources,
            events=events,
            as_of=top.as_of.day if top.as_of is not None else None,
            path=self.label,
            groups=self.groups,
            bodies=self.bodies.values(),
            chairs=chairs,
            documents=documents,
        )
