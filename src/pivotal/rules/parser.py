"""Parse rule text into a :class:`~pivotal.rules.nodes.Rule` with lark (LALR, never ``eval``).

Every failure becomes a :class:`~pivotal.rules.located.RuleError` that points at the bad spot and
says what was expected there; no lark exception leaves this module.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from decimal import Decimal
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Literal

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from pivotal.errors import PivotalError
from pivotal.rules.located import rule_error
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
    Measure,
    Members,
    Or,
    RequestedBy,
    Rule,
    Threshold,
    Unanimity,
)

__all__ = ["MAX_DIGITS", "MAX_NESTING", "RULE_FORMS", "parse_rule"]

#: Deeper parentheses than this are refused: the compiler walks the tree recursively.
MAX_NESTING = 50

#: The forms a rule (or each part of a combined rule) can take, for error messages and help.
RULE_FORMS = (
    "consensus",
    "unanimity",
    "majority",
    "simple majority",
    "at least 5 of members",
    "at least 55% of members",
    "at least 2/3 of members",
    "more than 50% of members",
    "members >= 55%",
    "population >= 65%",
    "electors >= 270",
    "all of permanent",
    "all permanent members",
    "at least 3 of permanent",
    "permanent members >= 3",
    "against <= 3",
    "against < 4",
    "fewer than 4 against",
    "at most 3 members against",
    "requested by the host",
    "requested by the chair",
    "requested by KAZ",
    "majority, the chair breaking ties",
    "more than 50% of population with the chair breaking ties",
)

_FORMS_TEXT = (
    "a rule: consensus, unanimity, majority, at least 5 of members, at least 55% of members, "
    "at least 2/3 of members, members >= 55%, population >= 65% (any attribute; '>' or "
    "'more than' for strictly more), all of GROUP, at least 3 of GROUP, against <= 3, "
    "fewer than 4 against, requested by the host, requested by the chair, requested by MEMBER, "
    "majority, the chair breaking ties, or such parts joined by 'and' / 'or'"
)
_AMOUNT_TEXT = "a number such as 5, a percentage such as 65% or a fraction such as 2/3"

# What each terminal means to a reader, in the order they are listed in messages.
_SHOWN: dict[str, str] = {
    "NUMBER": _AMOUNT_TEXT,
    "PERCENT": "'%'",
    "SLASH": "'/'",
    "GE": "'>='",
    "GT": "'>'",
    "LE": "'<='",
    "LT": "'<'",
    "LEAST": "'least'",
    "MOST": "'most'",
    "THAN": "'than'",
    "MAJORITY": "'majority'",
    "OF": "'of'",
    "THE": "'the'",
    "MEMBERS": "'members'",
    "MEMBER": "'members'",
    "NAME": "an attribute or group name",
    "AGAINST": "'against'",
    "BY": "'by'",
    "HOST": "'host'",
    "CHAIR": "'chair'",
    "BREAKING": "'breaking'",
    "BREAKS": "'breaking'",
    "TIES": "'ties'",
    "AND": "'and'",
    "OR": "'or'",
    "RPAR": "')'",
    "LPAR": "'('",
    "$END": "end of rule",
}

# Terminals that can start a part of a rule; when they are expected, list the rule forms instead.
# CONSENSUS is expected only where a part can start, so it is the marker for that situation.
_PART_START = frozenset(
    {
        "CONSENSUS",
        "UNANIMITY",
        "MAJORITY",
        "SIMPLE",
        "AT",
        "MORE",
        "ALL",
        "AGAINST",
        "FEWER",
        "REQUESTED",
        "STRING",
    }
)
_WORD_TYPES = frozenset(
    {
        "NAME",
        "AND",
        "OR",
        "CONSENSUS",
        "UNANIMITY",
        "SIMPLE",
        "MAJORITY",
        "OF",
        "THE",
        "AT",
        "LEAST",
        "MOST",
        "MORE",
        "FEWER",
        "THAN",
        "MEMBERS",
        "MEMBER",
        "ALL",
        "AGAINST",
        "REQUESTED",
        "BY",
        "HOST",
        "CHAIR",
        "WITH",
        "BREAKING",
        "BREAKS",
        "TIES",
    }
)
_GUIDE = "`pivotal rules` lists the forms of the rule language"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _name_context(tokens: list[Token]) -> str:
    """What a name means where it is expected: after 'requested by' a member id, after 'all
    (of the)' a group, elsewhere an attribute or a group."""
    for token in reversed(tokens):
        if token.type in {"OF", "THE"}:
            continue
        if token.type == "BY":
            return "'the chair', 'the host' or a member id (quoted if it is a keyword: \"OR\")"
        if token.type == "ALL":
            return "a group name"
        break
    return _SHOWN["NAME"]


def _describe_expected(expected: Iterable[str], tokens: list[Token]) -> str:
    # A quoted name is shown with the name. The casting vote (", the chair breaking ties") may
    # follow any part, so listing it would add noise to nearly every message; help shows it.
    expected = set(expected) - {"STRING", "COMMA", "WITH"}
    previous = tokens[-1] if tokens else None
    if "CONSENSUS" in expected:
        parts = [_FORMS_TEXT]
        expected -= _PART_START | {"MEMBERS", "MEMBER", "NAME", "LPAR"}
    else:
        parts = []
    if "NUMBER" in expected and previous is not None and previous.type == "SLASH":
        parts.append("a whole number such as 3 (the denominator, as in 2/3)")
        expected.discard("NUMBER")
    context = _name_context(tokens) if "NAME" in expected else _SHOWN["NAME"]
    if "HOST" in expected and "NAME" in expected:
        # After 'requested by': 'the host', 'the chair' or a member, said in one phrase.
        expected -= {"THE", "HOST", "CHAIR"}
    for name, shown in _SHOWN.items():
        if name in expected and shown not in parts:
            parts.append(context if name == "NAME" else shown)
    return _join(parts) if parts else "a valid rule"


@cache
def _grammar() -> str:
    return resources.files("pivotal.rules").joinpath("grammar.lark").read_text(encoding="utf-8")


@cache
def _parser() -> Lark:
    return Lark(_grammar(), parser="lalr", lexer="basic", transformer=_Builder())


@cache
def _plain_parser() -> Lark:
    """A parser without callbacks, used only to find out what was expected at an error."""
    return Lark(_grammar(), parser="lalr", lexer="basic")


#: Longer numbers are refused; they are typos, and huge ones would only slow arithmetic down.
MAX_DIGITS = 30


def _number(token: Token) -> Fraction:
    if len(token) > MAX_DIGITS:
        raise _BadValueError(
            token.start_pos,
            f"a number of at most {MAX_DIGITS} digits",
            "Check the number; no rule needs one this long.",
        )
    return Fraction(Decimal(str(token)))


class _BadValueError(Exception):
    """Raised by the builder, which does not see the text; turned into a RuleError by parse_rule."""

    def __init__(self, offset: int, allowed: str, fix: str) -> None:
        super().__init__(allowed)
        self.offset = offset
        self.allowed = allowed
        self.fix = fix


class _Builder(Transformer):  # type: ignore[type-arg]
    """Builds nodes while LALR reduces (no parse tree, no recursion). Checks values on the way."""

    # The parts of and/or come with the operator tokens between them; keep the nodes only.
    def or_expr(self, children: list[Expr | Token]) -> Or:
        parts = _flatten(Or, children)
        return Or(parts[0].start, parts)

    def and_expr(self, children: list[Expr | Token]) -> And:
        parts = _flatten(And, children)
        return And(parts[0].start, parts)

    def group(self, children: list[Expr | Token]) -> Expr:
        inner = children[1]
        assert not isinstance(inner, Token)
        return inner

    def unanimity(self, children: list[Token]) -> Unanimity:
        word = children[0]
        return Unanimity(word.start_pos, "consensus" if word.type == "CONSENSUS" else "unanimity")

    def majority(self, children: list[Token | Members]) -> Majority:
        first = children[0]
        return Majority(first.start_pos if isinstance(first, Token) else first.start)

    def at_least(self, children: list[Token | Amount | Measure]) -> Threshold:
        return self._threshold(children, ">=", "at least")

    def more_than(self, children: list[Token | Amount | Measure]) -> Threshold:
        return self._threshold(children, ">", "more than")

    def _threshold(
        self,
        children: list[Token | Amount | Measure],
        op: Literal[">=", ">"],
        form: Literal["at least", "more than"],
    ) -> Threshold:
        first = children[0]
        assert isinstance(first, Token)
        amount = next(c for c in children if isinstance(c, Amount))
        measure = next(c for c in children if isinstance(c, Members | Attribute | Group))
        return Threshold(first.start_pos, measure, op, amount, form)

    def comparison(self, children: list[Token | Amount | Measure]) -> Threshold:
        measure, op, amount = children
        assert isinstance(measure, Members | Attribute | Group) and isinstance(amount, Amount)
        assert isinstance(op, Token)
        return Threshold(measure.start, measure, ">" if op.type == "GT" else ">=", amount)

    def members(self, children: list[Token]) -> Members:
        return Members(children[0].start_pos)

    def attribute(self, children: list[Token]) -> Attribute:
        return Attribute(children[0].start_pos, _name(children[0]))

    def group_members(self, children: list[Token]) -> Group:
        return Group(children[0].start_pos, _name(children[0]))

    group_ref = group_members

    def all_of(self, children: list[Token | Members | Group]) -> AllOf:
        first, target = children[0], children[-1]
        assert isinstance(first, Token) and isinstance(target, Members | Group)
        return AllOf(first.start_pos, target)

    def against_compare(self, children: list[Token | Amount]) -> Against:
        first, op, amount = children
        assert isinstance(first, Token) and isinstance(op, Token) and isinstance(amount, Amount)
        return Against(first.start_pos, "<" if op.type == "LT" else "<=", amount, "against")

    def fewer_against(self, children: list[Token | Amount]) -> Against:
        return self._against(children, "<", "fewer than")

    def at_most_against(self, children: list[Token | Amount]) -> Against:
        return self._against(children, "<=", "at most")

    def _against(
        self,
        children: list[Token | Amount],
        op: Literal["<=", "<"],
        form: Literal["fewer than", "at most"],
    ) -> Against:
        first = children[0]
        assert isinstance(first, Token)
        amount = next(c for c in children if isinstance(c, Amount))
        return Against(first.start_pos, op, amount, form)

    def requested_host(self, children: list[Token]) -> RequestedBy:
        return RequestedBy(children[0].start_pos, None, children[2].start_pos)

    def requested_chair(self, children: list[Token]) -> RequestedBy:
        return RequestedBy(children[0].start_pos, None, children[-1].start_pos, "chair")

    def requested_member(self, children: list[Token]) -> RequestedBy:
        first, _, member = children
        return RequestedBy(first.start_pos, _name(member), member.start_pos)

    def casting_suffix(self, children: list[Token]) -> Token:
        return next(token for token in children if token.type == "CHAIR")

    def casting(self, children: list[Expr | Token]) -> CastingVote:
        part, chair = children
        assert isinstance(chair, Token) and not isinstance(part, Token)
        if isinstance(part, Majority):
            return CastingVote(part.start, part, chair.start_pos)
        if isinstance(part, Threshold) and _more_than_half(part):
            return CastingVote(part.start, part, chair.start_pos)
        raise _BadValueError(*_casting_refusal(part, chair))

    def count(self, children: list[Token]) -> Amount:
        (number,) = children
        return Amount(number.start_pos, _number(number), "count", str(number))

    def percent(self, children: list[Token]) -> Amount:
        number, _ = children
        value = _number(number)
        if not 0 < value <= 100:
            raise _BadValueError(
                number.start_pos,
                "a percentage above 0% and at most 100%",
                f"A share of {number}% of the members or of a total makes no sense; "
                "give a percentage such as 50% or 65%.",
            )
        return Amount(number.start_pos, value / 100, "percent", f"{number}%")

    def fraction(self, children: list[Token]) -> Amount:
        top, _, bottom = children
        numerator, denominator = _number(top), _number(bottom)
        for part in (top, bottom):
            if "." in part:
                raise _BadValueError(
                    part.start_pos,
                    "a fraction of whole numbers such as 2/3",
                    "Write the share as a fraction of whole numbers (2/3) or as a percentage "
                    "(62.5%).",
                )
        if denominator == 0:
            raise _BadValueError(
                bottom.start_pos, "a denominator above 0", "A fraction cannot divide by 0."
            )
        value = numerator / denominator
        if not 0 < value <= 1:
            raise _BadValueError(
                top.start_pos,
                "a fraction above 0 and at most 1, such as 2/3",
                f"{top}/{bottom} is not a share of the whole; give one such as 1/2 or 2/3.",
            )
        return Amount(top.start_pos, value, "fraction", f"{top}/{bottom}")


_CASTING_ALLOWED = (
    "a casting vote of the chair on a part that needs more than half: majority, more than 50% "
    "of members, more than 1/2 of GROUP, votes > 50% (any attribute, '50%' or '1/2')"
)


def _more_than_half(part: Threshold) -> bool:
    """Whether a threshold is "more than half" of its measure (``> 50%``, ``more than 1/2``)."""
    return part.op == ">" and part.amount.is_share and part.amount.value == Fraction(1, 2)


def _casting_refusal(part: Expr, chair: Token) -> tuple[int, str, str]:
    """Where and why ``part, the chair breaking ties`` is refused (offset, allowed, fix).

    A casting vote decides an exact tie: half of the measure in favour and half not. Only
    "more than half" leaves that case undecided, so any other part is refused rather than given
    a meaning an analyst would have to guess.
    """
    if isinstance(part, Threshold) and part.amount.is_share and part.amount.value == Fraction(1, 2):
        # op is '>=' here: '>' with a half was accepted by the caller.
        return (
            part.amount.start,
            _CASTING_ALLOWED,
            f"'at least {part.amount.text}' already passes a tie (half in favour wins), so "
            f"there is no tie for the chair to break; write 'more than {part.amount.text}' "
            "for a casting vote.",
        )
    if isinstance(part, Threshold) and part.amount.is_share:
        return (
            part.amount.start,
            _CASTING_ALLOWED,
            f"A casting vote breaks a tie, an even split, which only a 'more than half' rule "
            f"leaves undecided; {part.amount.text} has no tie. Drop ', the chair breaking ties', "
            "or write 'more than 50%'.",
        )
    if isinstance(part, Threshold):
        return (
            part.amount.start,
            _CASTING_ALLOWED,
            f"A count such as {part.amount.text} has no tie of its own; write the share: "
            "'majority' (more than half of the members) or 'more than 50% of ...', with the "
            "chair breaking ties.",
        )
    return (
        chair.start_pos,
        _CASTING_ALLOWED,
        "A casting vote belongs to one part that needs more than half, written right before it; "
        "attach it there, as in '(majority, the chair breaking ties) or ...'.",
    )


def _name(token: Token) -> str:
    """The name a NAME or quoted STRING token stands for."""
    if token.type != "STRING":
        return str(token)
    name = str(token)[1:-1].strip()
    if not name:
        raise _BadValueError(
            token.start_pos,
            "a name inside the quotes",
            'Quotes hold a member id, group or attribute name, as in "OR"; fill them in.',
        )
    return name


def _flatten(kind: type[And] | type[Or], children: list[Expr | Token]) -> tuple[Expr, ...]:
    parts: list[Expr] = []
    for child in children:
        if isinstance(child, Token):
            continue
        parts.extend(child.parts if isinstance(child, kind) else [child])
    return tuple(parts)


def parse_rule(text: str) -> Rule:
    """Parse rule text into a :class:`~pivotal.rules.nodes.Rule`.

    Raises a :class:`~pivotal.errors.PivotalError` (a ``RuleError``) that points at the first
    spot that is not part of the rule language.

    >>> parse_rule("majority").body
    Majority(start=0)
    >>> parse_rule("at least 2/3 of members").body.amount
    Amount(start=9, value=Fraction(2, 3), kind='fraction', text='2/3')
    """
    if not isinstance(text, str):
        raise PivotalError(
            "rule",
            "rule text such as 'majority' or 'members >= 55% and population >= 65%'",
            f"{type(text).__name__} {text!r}",
            "Pass the rule as a string.",
        )
    if not text.strip():
        raise PivotalError(
            "rule",
            _FORMS_TEXT,
            "an empty rule",
            "Write the rule that decides when a proposal passes, for example 'majority'.",
        )
    _check_nesting(text)
    try:
        body = _parser().parse(text)
    except _BadValueError as exc:
        raise rule_error(text, exc.offset, exc.allowed, exc.fix) from None
    except UnexpectedInput as exc:
        raise _syntax_error(text, exc) from None
    except LarkError as exc:  # pragma: no cover - lark raises UnexpectedInput for bad input
        raise PivotalError(
            "rule", _FORMS_TEXT, text, f"The rule could not be read ({exc})."
        ) from None
    return Rule(text, body)


def _check_nesting(text: str) -> None:
    depth = 0
    for offset, char in enumerate(text):
        if char == "(":
            depth += 1
            if depth > MAX_NESTING:
                raise rule_error(
                    text,
                    offset,
                    f"at most {MAX_NESTING} levels of parentheses",
                    "Remove parentheses that do not change the meaning.",
                )
        elif char == ")":
            depth = max(0, depth - 1)


def _tokens_before(text: str, offset: int) -> Iterator[Token]:
    try:
        for token in _plain_parser().lex(text):
            if token.start_pos >= offset:
                return
            yield token
    except UnexpectedInput:
        return


def _expected_at(text: str, offset: int) -> set[str]:
    try:
        interactive = _plain_parser().parse_interactive(text[:offset])
        interactive.exhaust_lexer()
        return set(interactive.accepts())
    except UnexpectedInput:
        return set()


def _suggest(word: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(word.lower(), sorted(set(candidates)), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


_FORM_WORDS = (
    "consensus",
    "unanimity",
    "majority",
    "members",
    "at least",
    "more than",
    "all of",
    "against",
    "fewer than",
    "at most",
    "requested by",
)


def _syntax_error(text: str, exc: UnexpectedInput) -> PivotalError:
    if isinstance(exc, UnexpectedCharacters):
        offset = exc.pos_in_stream
        tokens = list(_tokens_before(text, offset))
        char = text[offset]
        fix = f"{char!r} is not part of the rule language; {_GUIDE}."
        if char in "=!":
            fix = (
                f"{char!r} is not a comparison of the rule language; write '>=' for "
                "'at least' or '>' for 'more than' (and '<=' or '<' after 'against')."
            )
        elif char in "\"'":
            fix = (
                f"The quoted name that starts here has no closing {char}; end it on the same "
                "line with the same quote."
            )
        return rule_error(text, offset, _describe_expected(_expected_at(text, offset), tokens), fix)

    if not isinstance(exc, UnexpectedToken):  # pragma: no cover - LALR raises only these two
        return rule_error(text, exc.pos_in_stream or 0, _FORMS_TEXT, f"Check the rule; {_GUIDE}.")

    token = exc.token
    at_end = token.type == "$END"
    offset = len(text.rstrip()) if at_end else token.start_pos
    tokens = list(_tokens_before(text, offset))
    previous = tokens[-1] if tokens else None
    # exc.expected merges lookaheads of LALR states (after a name it lists 'and' even where only
    # '>=' fits); replaying the tokens before the error gives exactly what could come next.
    expected = _expected_at(text, offset) or set(exc.expected)

    # A lone unknown word ("supermajority", "__import__") lexes as an attribute name and only
    # fails at the next token; the word itself is the mistake, so point there and list the forms.
    starts_part = len(tokens) < 2 or tokens[-2].type in {"AND", "OR", "LPAR"}
    if previous is not None and previous.type == "NAME" and starts_part and token.type != "NUMBER":
        word = str(previous)
        return rule_error(
            text,
            previous.start_pos,
            _FORMS_TEXT,
            f"'{word}' is not a word of the rule language; if it is an attribute or a group, "
            f"compare it with an amount, as in '{word} >= 65%'.{_suggest(word, _FORM_WORDS)}",
        )

    shown = "the end of the rule" if at_end else f"'{token}'"
    before = tokens[-2].type if len(tokens) >= 2 else None
    if at_end:
        fix = "The rule stops too early; complete it."
    elif token.type in {"LE", "LT"}:
        fix = (
            f"{shown} is used only after 'against', as in 'against <= 3'; write '>=' for "
            "'at least' or '>' for 'more than'."
        )
    elif previous is not None and previous.type == "AGAINST" and token.type in {"GE", "GT"}:
        fix = (
            "'against' counts the members not in favour, and a rule can only limit them: "
            "write 'against <= 3' or 'against < 4' (or 'members >= ...' for those in favour)."
        )
    elif previous is not None and previous.type == "THE" and before == "BY":
        fix = (
            f"{shown} does not fit here; write 'requested by the host' for the host given to "
            "the compiler, 'requested by the chair' for the chair of the body, or "
            f"'requested by {token}' for a member."
        )
    elif previous is not None and previous.type in {"COMMA", "WITH"}:
        fix = (
            f"{shown} does not fit here: a comma or 'with' after a part only starts a casting "
            "vote, as in 'majority, the chair breaking ties'; join parts with 'and' or 'or'."
        )
    elif token.type in _WORD_TYPES:
        keywords = [_SHOWN[t].strip("'") for t in expected if t in _SHOWN and _SHOWN[t][0] == "'"]
        if "CONSENSUS" in expected:
            keywords += _FORM_WORDS
        fix = f"{shown} does not fit here; {_GUIDE}.{_suggest(str(token), keywords)}"
    else:
        fix = f"{shown} does not fit here; {_GUIDE}."
    return rule_error(text, offset, _describe_expected(expected, tokens), fix)
