"""Reading the documents of an organization file: signatures, entry into force, ratifications.

A document's ``in_force`` and each ratification's date fall on or after its signature (when
both are known to the day); signatories and ratifying members are members, each once; each
``amends`` names another document, and following ``amends`` from any document ends at an
original text (no cycle ``d1 -> d2 -> ... -> d1``).

Package-private, a layer of the reader of :mod:`pivotal.organizations.loader`.

>>> from pivotal.organizations.loader import validate_text
>>> for p in validate_text('''
... id: demo
... name: Demo
... members: [{id: A, name: A, memberships: [{joined: 2001, status: unverified}]}]
... documents:
...   - {id: d1, name: One, amends: d2, status: unverified}
...   - {id: d2, name: Two, amends: d1, status: unverified, signed: 2002-05-01,
...      ratifications: [{member: A, date: 2002-01-01, status: unverified}]}
... sources: {}
... ''', "demo.yaml"):
...     print(p.line, p.column, p.path, "|", p.received)
6 33 documents[d1].amends | d1 -> d2 -> d1
8 40 documents[d2].ratifications[0].date | '2002-01-01'

References:
    [1] src/pivotal/organizations/README.md, "Documents" (and the three ratification states in
        documents.py).
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import Node

from pivotal.organizations.documents import Document, Ratification, Signature
from pivotal.organizations.provenance import DateFact
from pivotal.organizations.read_members import MembersReader
from pivotal.organizations.schema import OrganizationFile, SignatoriesEntry, SignedEntry
from pivotal.organizations.yamlnodes import did_you_mean


class DocumentsReader(MembersReader):
    """Documents, their signatures and ratifications, and the chain of amendments."""

    def documents(self, top: OrganizationFile) -> tuple[Document, ...]:
        out: list[Document] = []
        amends: list[tuple[str, Node, str]] = []
        for i, item in enumerate(top.documents or ()):
            if any(d.id == item.id for d in out):
                self.add(
                    self.node(item, "id"),
                    f"documents[{i}].id",
                    "unique document ids",
                    repr(item.id),
                    "Give each document its own id.",
                )
            path = f"documents[{item.id}]"
            prov = self.provenance(item, path)
            signed = None
            if isinstance(item.signed, SignedEntry):
                sprov = self.provenance(item.signed, f"{path}.signed", prov)
                signed = Signature(
                    self.date_fact(item.signed.date, f"{path}.signed.date", sprov),
                    item.signed.place,
                )
            elif item.signed is not None:
                signed = Signature(self.date_fact(item.signed, f"{path}.signed", prov))
            signatories: tuple[str, ...] = ()
            sig_prov: tuple[str | None, tuple[str, ...], str | None] = (None, (), None)
            if isinstance(item.signatories, SignatoriesEntry):
                sig_prov = self.provenance(item.signatories, f"{path}.signatories", prov)
                signatories = self.member_list(
                    item.signatories.members,
                    item.signatories,
                    "members",
                    f"{path}.signatories.members",
                )
            elif item.signatories is not None:
                sig_prov = prov
                signatories = self.member_list(
                    item.signatories, item, "signatories", f"{path}.signatories"
                )
            in_force = None
            if item.in_force is not None:
                in_force = self.date_fact(item.in_force, f"{path}.in_force", prov)
                self._after_signature(
                    item,
                    "in_force",
                    path,
                    in_force,
                    signed,
                    "Fix the dates: a document enters into force after it is signed.",
                )
            ratifications = self.ratifications(item, path, signed)
            if item.amends is not None:
                amends.append((item.amends, self.node(item, "amends"), path))
            out.append(
                Document(
                    item.id,
                    item.name,
                    *prov,
                    signed=signed,
                    signatories=signatories,
                    signatories_status=sig_prov[0],
                    signatories_sources=sig_prov[1],
                    signatories_note=sig_prov[2],
                    in_force=in_force,
                    in_force_recorded="in_force" in item.model_fields_set,
                    ratifications=ratifications,
                    amends=item.amends,
                )
            )
        ids = [d.id for d in out]
        for target, node, path in amends:
            if target not in ids or path == f"documents[{target}]":
                self.add(
                    node,
                    f"{path}.amends",
                    "the id of another document: " + ", ".join(ids),
                    repr(target),
                    did_you_mean(target, ids) or "Name the document this one amends.",
                )
        # Documents that amend each other in a cycle: each amends one, so follow the chain.
        target_of = {d.id: d.amends for d in out if d.amends in ids and d.amends != d.id}
        reported: set[str] = set()
        for _, node, path in amends:
            start = path[len("documents[") : -1]
            chain, here = [start], target_of.get(start)
            while here is not None and here not in chain:
                chain.append(here)
                here = target_of.get(here)
            if here == start and not reported & set(chain):
                reported |= set(chain)
                self.add(
                    node,
                    f"{path}.amends",
                    "documents that do not amend each other in a cycle",
                    " -> ".join([*chain, start]),
                    "Fix 'amends:' so that the chain of amendments ends at an original text.",
                )
        return tuple(out)

    def _after_signature(
        self, item: Any, key: str, path: str, fact: DateFact, signed: Any, fix: str
    ) -> None:
        """A problem at ``path.key`` when ``fact`` comes before the signature ``signed``."""
        if signed is not None and _before(fact, signed.date):
            self.add(
                self.node(item, key),
                f"{path}.{key}",
                f"a date on or after the signature ({signed.date.text})",
                repr(fact.text),
                fix,
            )

    def ratifications(
        self, doc: Any, path: str, signed: Signature | None
    ) -> tuple[Ratification, ...]:
        out: list[Ratification] = []
        for i, item in enumerate(doc.ratifications or ()):
            where = f"{path}.ratifications[{i}]"
            self.member_ref(item.member, self.node(item, "member"), f"{where}.member")
            if any(r.member == item.member for r in out):
                self.add(
                    self.node(item, "member"),
                    f"{where}.member",
                    "one ratification per member",
                    repr(item.member),
                    f"Merge the entries for '{item.member}' (use 'note:' for later acts).",
                )
            prov = self.provenance(item, where)
            day = None
            if item.date is not None:
                day = self.date_fact(item.date, f"{where}.date", prov)
                self._after_signature(
                    item,
                    "date",
                    where,
                    day,
                    signed,
                    "Fix the date: a member ratifies a document after it is signed.",
                )
            out.append(Ratification(item.member, day, *prov, act=item.act, outcome=item.outcome))
        return tuple(out)


def _before(later: DateFact, earlier: DateFact) -> bool:
    """True when ``later`` is surely before ``earlier`` (both known to the day)."""
    return later.precision == earlier.precision == "day" and later.date < earlier.date
