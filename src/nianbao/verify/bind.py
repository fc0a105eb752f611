"""Bind every figure of a text to exactly one fact by the words that govern it.

For each figure the governing words are the naming phrase before it in its sentence, after the
previous figure (`lexicon.Lexicon`), read with the grammar these reports use:

- 其中 / a column word alone (自然人4件): a part of the fact before (its row, this column);
- 分别 (A、B分别为x件、y件): the names listed before map to the figures after, in order;
- 占…比例 / 占比 / 率 (a percentage): the share of the named fact over the named base (办结 when
  none is named), compared at the printed precision (55% passes for 55.01%, 55.0% not for 55.06%);
- 较上年 / 同比 + 增加/减少 N: the named fact's change since last year, with its direction;
  a percentage: the change in % of last year's value;
- 由上年的X件增至Y件: X is last year's value, Y this year's;
- 含上年结转W件 after 收到Z件: Z is 新收 + 上年结转;
- 共 / 合计 after parts: the total of the fact before.

A figure bound to a fact passes only when the fact's value equals it (an approximation: when the
value lies in its range). Words naming several facts of different values are ambiguous (V-16).
A figure bound to no fact passes only as: a number the notes state in the same context, an allowed
date, a statutory time limit, a count of items listed, or a set phrase (`data/set_phrases.yaml`).
Zero statements in words (未收到…申请, 未发生行政复议) are figures of value 0.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from nianbao import format as fmt
from nianbao.facts import Fact, format_value
from nianbao.numbers import Figure, find_figures

from .context import VerifyContext, norm
from .lexicon import Token, fact_parts, set_phrases, subject_facts

__all__ = ["Binding", "bind_text"]

_SENTENCE_END = "。；;！？!?\n"
_SEPARATORS = re.compile(r"^[\s、，,和与及以及或为是达共计各约分别占了的：:（）()件条个项次%％]*$")
_RECEIVE_VERBS = {"收到", "受理", "提出", "接收", "共收到", "共收"}
_WEAK_VERBS = {"收到", "受理", "提出", "接收", "新增", "办理", "处理", "答复", "共收", "共收到"}
_FILLER = re.compile(
    r"政府信息公开申请|依申请公开|公开申请|申请人?|各类|各项|相关|有关|事项|共计|累计|共|了|的|总|计|为|达|"
    r"政府信息|信息公开|依法|本年度?|全年|年度|我[局委办厅镇乡街区县市]|本机关|等|办件|数量|总量|总数"
)
_INHERIT_FILLER = re.compile(
    r"结果|被|均|为|了|的|共|各|其|已|有|是|达|计|占|比|较|上年|同期|幅度|数量|总量|分别|申请|"
    r"件数|比例|情况|方面|全年|本年度?|年度|依法|相关|予以"
)
"""Words that may stand between 其中/占/较上年 and a figure without naming something else."""
_RECEIVED_CLARIFIER = re.compile(
    r"(?:含|包括|包含|其中)(?:[^。；]{0,6}|新收[^。；上]{0,10})(?:上年|上一年度|上年度)结转"
)
_ZERO = re.compile(
    r"(?:尚未|均未|并未|从未|未曾|未|没有|暂无|尚无|并无|无)"
    r"(?:收到|接到|发生|出现|产生|受理|提起|有|涉及|被)?"
)
_NEXT_YEAR_PARTS = ("problems",)
_LIST_ROLES = {"increase", "decrease", "compare", "prior", "share"}
_APPLICANT_COLUMNS = {c.key for c in fmt.APPLICANT_COLUMNS if c.key != "total"} | {"legal_persons"}


@dataclass
class Binding:
    """One figure (or zero statement) and what it was bound to."""

    figure: Figure
    status: str = "unverified"  # verified / allowed / unverified / skip
    fact: str | None = None
    words: str = ""
    note: str = ""
    rule: str | None = None
    message: str = ""
    severity: str = "error"
    expected: str | None = None
    cells: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    zero: bool = False
    warning: tuple[str, str] | None = None  # (rule, message) a warning beside a pass
    subject: str | None = None
    qualifier: str | None = None
    received_reading: bool = False  # published: 收到 read as 新收＋上年结转


@dataclass
class _Prev:
    subject: str
    qualifier: str | None
    fact: str | None
    sentence: int
    words: str = ""


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    s = max(text.rfind(c, 0, pos) for c in _SENTENCE_END) + 1
    ends = [i for i in (text.find(c, pos) for c in _SENTENCE_END) if i != -1]
    return s, (min(ends) + 1 if ends else len(text))


def _unit_ok(fig: Figure, fact: Fact) -> bool:
    if fig.kind == "percent":
        return fact.unit == "%"
    if fact.unit == "%":
        return False
    if fig.kind == "amount" or fact.kind == "amount":
        return fig.kind == "amount" and fact.unit == fig.unit
    if fig.unit == fact.unit or not fig.unit or not fact.unit:
        return True
    return {fig.unit, fact.unit} <= {"件", "件次", "余件", "起"}  # 行政诉讼3起


def _round_to(exact: Decimal, printed: Decimal) -> Decimal:
    exp = printed.as_tuple().exponent
    digits = -exp if isinstance(exp, int) and exp < 0 else 0
    return exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _fits(fig: Figure, value: Decimal, exact: Decimal | None = None) -> bool:
    """Whether a figure states `value` (a percentage: `exact` at the printed precision; an
    approximation: within its range)."""
    target = exact if exact is not None else value
    if fig.low is not None or fig.high is not None:
        lo_ok = fig.low is None or target >= fig.low
        hi_ok = fig.high is None or target < fig.high
        return lo_ok and hi_ok
    if fig.kind == "percent" and exact is not None:
        return _round_to(exact, fig.value) == fig.value
    return value == fig.value


def _label(fact: Fact) -> str:
    return fact.label.removeprefix("表三 ")


class _Binder:
    def __init__(
        self,
        text: str,
        ctx: VerifyContext,
        part: str | None,
        hints: dict[tuple[int, int], str],
        list_counts: set[int],
    ) -> None:
        self.text, self.ctx, self.part = text, ctx, part
        self.hints = hints
        self.list_counts = list_counts
        self.lex = ctx.lex
        self.parents = self.lex.parents(ctx.facts)
        self.prev: _Prev | None = None
        self.each: list[tuple[str | None, str | None]] = []
        self.last_each: list[tuple[str | None, str | None]] = []
        self.each_index = 0
        self.sentence_subjects: list[str] = []
        self.sentence_tops: list[str] = []
        self.consumed = 0  # the end of a naming word read after its figure (2件予以公开)
        self.figs: list[Figure] = []
        self.each_roles: set[str] = set()  # what the words of a 分别 list say of every figure
        self.last_share: tuple[str, str, int] | None = None  # (numerator, base, sentence)

    # --- the pieces of one figure -----------------------------------------------------------

    def hint(self, fig: Figure) -> str | None:
        return next((k for (s, e), k in self.hints.items() if s < fig.end and fig.start < e), None)

    def run(self) -> list[Binding]:
        text = self.text
        masked = _set_phrase_spans(text)
        all_figs = find_figures(text)
        tokens = self.lex.tokens(text)
        figs = [
            _none_of(text, f)
            for f in all_figs
            if f.kind not in ("ordinal", "docnum") and not _together(text, f)
        ]
        self.figs = figs
        out: list[Binding] = []
        # a naming word holding an ordinal keeps it (保护第三方合法权益: 第三 is not a figure)
        tokens = [
            t
            for t in tokens
            if not any(
                a < t.end
                and t.start < b
                and not (f.kind == "ordinal" and t.start <= a and b <= t.end)
                for f in all_figs
                for a, b in [(f.start, f.end)]
            )
        ]
        self.tokens = tokens
        last_end = 0
        last_sentence = -1
        for fig in figs:
            s0, _ = _sentence_bounds(text, fig.start)
            if s0 != last_sentence:
                last_end = s0
                last_sentence = s0
                self.each = []
            if any(a <= fig.start and fig.end <= b for a, b in masked):
                out.append(
                    Binding(
                        fig,
                        "allowed",
                        note="固定说法 / a set phrase",
                        words=text[fig.start : fig.end],
                    )
                )
                continue
            window = (max(last_end, s0, min(self.consumed, fig.start)), fig.start)
            b = self.bind(fig, window, s0)
            out.append(b)
            if fig.kind in ("count", "amount", "percent", "multiple"):
                last_end = fig.end
        out.extend(self.zero_statements(figs))
        out.extend(self.level_statements(out))
        out.sort(key=lambda b: b.figure.start)
        # last year's year heading a sentence of last year's figures (2023年，共收到申请133件)
        for b in out:
            if b.rule == "V-3" and b.figure.kind in ("year", "date"):
                s0, s1 = _sentence_bounds(text, b.figure.start)
                if int(b.figure.value) == self.ctx.prior_year and any(
                    o.status == "verified"
                    and (o.fact or "").startswith("prior.")
                    and s0 <= o.figure.start < s1
                    for o in out
                ):
                    b.status, b.rule, b.message = "allowed", None, ""
                    b.note = "上一年度（上年数据）/ last year, of last year's figures"
        return out

    def window_tokens(self, window: tuple[int, int]) -> list[Token]:
        a, b = window
        return [t for t in self.tokens if t.start >= a and t.end <= b]

    def after_subject(self, fig: Figure) -> Token | None:
        """A naming word after the figure in its clause (11件申请结转下年度, 6件申请均已办结):
        a row word within a few characters, else the applications themselves (新收)."""
        end = fig.end
        nxt = min(
            (
                f.start
                for f in self.figs
                if f.start >= fig.end and f.kind in ("count", "amount", "percent", "multiple")
            ),
            default=len(self.text),
        )
        while (
            end < nxt  # 6件申请中有4件无法提供: 无法提供 is the next figure's
            and self.text[end] not in "，,；;。！？!?：:（(\n"
            and end - fig.end < 20
        ):
            end += 1
        for t in self.tokens:
            if t.start < fig.end or t.end > end:
                continue
            if t.role == "subject" and t.text in _WEAK_VERBS:
                break  # 提案85件的办理复文: a verb after the figure names nothing
            if t.role == "subject" and (
                t.start - fig.end <= 8
                or self.text[t.start - 1 : t.start] == "的"
                or t.text not in _WEAK_VERBS
            ):
                return t  # 6件申请结转下年度; 1件涉及政府信息公开工作的行政复议
            if t.role in ("qualifier", "share", "increase", "decrease", "compare"):
                break
        if any(t.role == "none" and fig.end <= t.start < end for t in self.tokens):
            return None  # 向2件申请发出收费通知: a fee notice, not a row of the tables
        rest = self.text[fig.end : fig.end + 4]
        if (
            fig.value == 0
            and fig.text.startswith("一")
            and re.match(r"申请(?:被|均|都)?[\u4e00-\u9fff]{2}", self.text[fig.end :])
        ):
            return None  # 没有一件申请超期答复: of 超期, not of the applications received
        if rest.startswith("申请") and not rest.startswith("申请人"):
            return Token(fig.end, fig.end + 2, self.lex.words["政府信息公开申请"])
        return None

    def governs(self, tok: Token, fig_start: int, toks: list[Token]) -> bool:
        """A weak verb (办理, 收到) names the applications only when nothing else is its object
        (办理人大代表建议12件 is not 办结)."""
        if tok.text not in _WEAK_VERBS:
            return True
        between = self.text[tok.end : fig_start]
        for t in toks:
            if t.start >= tok.end and t.end <= fig_start:
                between = between.replace(t.text, "")
        rest = _FILLER.sub("", between)
        return len(re.findall(r"[\u4e00-\u9fff]", rest)) < 2

    # --- binding ------------------------------------------------------------------------------

    def bind(self, fig: Figure, window: tuple[int, int], s0: int) -> Binding:
        if fig.kind in ("year", "date", "other"):
            return self.allowed_date(fig, window)
        toks = self.window_tokens(window)
        hint = self.hint(fig)
        b = Binding(fig)
        wtext = self.text[window[0] : window[1]]
        roles: set[str] = {t.role for t in toks}
        # a prior-year year in the window names last year (由2023年的5件)
        prior_year = self.ctx.prior_year
        year_prior = False
        if prior_year is not None:
            for f in find_figures(wtext):
                if f.kind in ("year", "date") and int(f.value) == prior_year:
                    year_prior = True
        names = [t for t in toks if t.role in ("subject", "object", "qualifier")]
        # 分别: the names before it map to the figures after, in order
        picked: tuple[str | None, str | None] | None = None
        if "each" in roles:
            listed = self.each_names(toks, window)
            if len(listed) >= 2:
                self.each, self.last_each = listed[1:], listed
                picked = listed[0]
                names = []
                self.each_roles = roles & _LIST_ROLES
            elif self.last_each and not names:
                self.each = self.last_each[1:]
                picked = self.last_each[0]
                self.each_roles = roles & _LIST_ROLES
        elif self.each and not names and _SEPARATORS.match(wtext):
            picked = self.each.pop(0)
            roles |= self.each_roles  # 分别较上年增加6件、6件: the second is a change too
        elif names:
            self.each = []
        if re.search(r"(?:均|都|皆)(?:为|是)?\s*$", wtext) and fig.kind in ("count", "amount"):
            everyone = self.all_names(toks, window)
            if len(everyone) >= 2:
                return self.all_equal(b, everyone, s0)
        subject: str | None = None
        qualifier: str | None = None
        inherited = False
        words: list[str] = []
        share_at = next((t for t in toks if t.role == "share"), None)
        if picked is not None:
            subject, qualifier = picked
            words = [self.name_words(subject, qualifier)]
        else:
            clause_start = max(
                [window[0]] + [i + 1 for i in range(window[0], fig.start) if self.text[i] in "，,"]
            )
            blocked = [
                t
                for t in toks
                if t.role == "subject"
                and t.text in _WEAK_VERBS
                and t.start >= clause_start
                and not self.governs(t, fig.start, toks)
            ]
            subj_toks = [
                t
                for t in toks
                if t.role in ("subject", "object")
                and (share_at is None or fig.kind != "percent" or t.start < share_at.start)
                and self.governs(t, fig.start, toks)
                and not (blocked and t.start < blocked[-1].start)
            ]
            strong = [t for t in subj_toks if t.role == "subject"]
            specific = [t for t in strong if t.text not in _WEAK_VERBS]
            if specific and strong[-1].text in _WEAK_VERBS and specific[-1].start >= clause_start:
                strong = specific  # 同意公开答复9件, 转下一年度办理答复1件: the specific row
            chosen = (strong or subj_toks)[-1:] if subj_toks else []
            if chosen:
                tok = chosen[0]
                targets = list(tok.word.targets)
                # a row named beside its own group (不掌握…无法提供) is the row, unless 等
                for t in strong:
                    for x in t.word.targets:
                        if (
                            self.parents.get(x) in targets
                            and "等" not in self.text[t.end : tok.start]
                        ):
                            targets, tok = [x], t
                subject = self.pick_subject(targets, fig, hint)
                words.append(tok.text)
            quals = [t for t in toks if t.role == "qualifier"]
            if quals:
                qualifier = quals[-1].word.targets[0]
                words.append(quals[-1].text)
                gap = self.text[quals[-1].end : fig.start]
                if subject is None and re.match(r"(?:申请|提出|提交)", gap):
                    subject = "t3.new"  # 自然人申请2件: the applicants' column of 新收
                    p = self.prev
                    if p is not None and p.sentence == s0 and p.subject == "apps.received_total":
                        subject = p.subject  # 受理749件（新收＋结转），其中自然人申请741件
            if subject is None and qualifier is None and not (roles - {"whole", "narrow", "from"}):
                after = self.after_subject(fig)
                if after is not None:
                    subject = self.pick_subject(list(after.word.targets), fig, hint)
                    words.append(after.text)
                    self.consumed = after.end  # 2件予以公开，4件…无法提供: not the next one's
        modifiers = roles & {
            "share",
            "increase",
            "decrease",
            "compare",
            "prior",
            "to_up",
            "to_down",
            "whole",
            "narrow",
        }
        if year_prior:
            modifiers = modifiers | {"prior"}
        if re.match(r"共计|累计|合计|总计", fig.text):
            roles.add("whole")
            modifiers = modifiers | {"whole"}
        if (
            subject is None
            and qualifier is None
            and roles & {"whole"}
            and not roles & {"share", "increase", "decrease", "compare", "prior"}
            and self.prev is not None
            and self.prev.sentence == s0
            and len(self.sentence_tops) > 1
        ):
            return self.sum_of(b, self.sentence_tops, s0)
        if subject is None and (qualifier is not None or modifiers):
            prev = self.prev
            unknown = ""
            if self.ctx.mode == "published":
                rest = wtext
                for t in toks:
                    rest = rest.replace(t.text, "")
                unknown = "".join(re.findall(r"[\u4e00-\u9fff]", _INHERIT_FILLER.sub("", rest)))
            if (
                prev is not None
                and len(unknown) < 2
                and (prev.sentence == s0 or roles & {"narrow", "compare", "each"})
            ):
                subject, inherited = prev.subject, True
                seen = {x for x in self.sentence_subjects if x.startswith("t4.")}
                if qualifier and subject.startswith("t4.") and len(seen) > 1:
                    subject = "t4.all"  # 复议6件、诉讼5件，其中纠正1件: of both
                whole_before = any(
                    t.role == "whole" and (share_at is None or t.start < share_at.start)
                    for t in toks
                )
                if (
                    qualifier is None
                    and not whole_before
                    and (
                        roles
                        & {"share", "increase", "decrease", "compare", "to_up", "to_down", "prior"}
                    )
                ):
                    qualifier = prev.qualifier
            elif qualifier in ("upheld", "corrected", "other", "pending") and not (
                qualifier == "other"
                and all(t.text == "其他" for t in toks if t.role == "qualifier")
            ):
                subject = "t4.all"
            elif (
                qualifier is not None
                and f"t3.new.{qualifier}" in self.ctx.facts
                and not all(t.text == "其他" for t in toks if t.role == "qualifier")
            ):
                subject = "t3.new"  # 申请人中，法人或其他组织2件: the applicants of 新收
        if (
            subject is not None
            and qualifier is None
            and subject.startswith("t2.")
            and self.prev is not None
            and self.prev.subject.startswith("t2.")
            and self.prev.qualifier
            and self.prev.sentence == s0
            and f"{subject}.{self.prev.qualifier}" in self.ctx.facts
        ):
            qualifier = self.prev.qualifier
        if (
            subject is not None
            and qualifier is not None
            and not subject_facts(self.ctx.facts, subject, qualifier)
            and subject_facts(self.ctx.facts, subject, None)
            and not inherited
        ):
            qualifier = None  # a column word of another table (新出台的…政策解读12篇)
            words = words[:1]
        if (
            subject == "t3.new"
            and self.ctx.mode == "published"
            and words
            and "新收" not in words
            and (r := self.ctx.facts.get("apps.received_total")) is not None
            and qualifier is None
            and fig.value == r.value
            and fig.value != self.ctx.facts.value("t3.new.total")
        ):
            subject = "apps.received_total"  # 收到 as 新收＋上年结转 (error-taxonomy N-1)
            b.received_reading = True
        if subject == "t3.new" and _is_received(self.text, fig, words, self.ctx):
            subject = "apps.received_total"
        b.words = "".join(dict.fromkeys(words))
        if inherited and self.prev is not None:
            own = "".join(t.text for t in toks if t.role not in ("subject", "object", "qualifier"))
            b.words = f"{self.prev.words}…{own or b.words}"
        if (
            fig.kind == "percent"
            and subject is None
            and not toks
            and self.prev is not None
            and self.prev.sentence == s0
            and re.fullmatch(r"\s*[（(]\s*", wtext)
        ):
            subject, qualifier = self.prev.subject, self.prev.qualifier  # 208件（17.46%）
            b.words = f"{self.prev.words}（占比）"
        b.subject, b.qualifier = subject, qualifier
        if subject is None:
            if hint is not None and hint in self.ctx.facts:
                return self.check_fact(b, [self.ctx.facts[hint]], s0, hint_only=True)
            return self.unbound(b, window)
        prior = "prior" in roles or year_prior
        direction = "增加" if roles & {"increase"} else "减少" if roles & {"decrease"} else None
        if direction is None and "compare" in roles:
            m = re.search(r"(?:较|比)(?:上一?年度?|去年)(多|少)", wtext)
            if m:
                direction = "增加" if m.group(1) == "多" else "减少"
        to = "增加" if "to_up" in roles else "减少" if "to_down" in roles else None
        if fig.kind == "multiple":
            return self.multiple(b, subject, qualifier, roles, s0)
        if fig.kind == "percent" and not (direction or "compare" in roles):
            return self.share(b, subject, qualifier, toks, share_at, s0)
        if direction and not to and fig.unit in ("个百分点", "百分点"):
            return self.points(b, direction, s0)
        if direction and not to:
            return self.change(b, subject, qualifier, direction, s0)
        compared = next((t for t in reversed(toks) if t.role == "compare"), None)
        if (
            compared is not None
            and not direction
            and not to
            and fig.kind in ("count", "amount")
            and re.fullmatch(r"[\s（(的]*", self.text[compared.end : fig.start])
        ):
            return self.prior_value(b, subject, qualifier, s0)  # 较上年（133件）/ 较上年的133件
        if prior and not to and "compare" not in roles:
            return self.prior_value(b, subject, qualifier, s0)
        facts = subject_facts(self.ctx.facts, subject, qualifier)
        if to and self.ctx.prior_facts is not None:
            before = subject_facts(self.ctx.prior_facts, subject, qualifier)
            if facts and before and len(facts) == 1:
                diff = facts[0].value - before[0].value
                if (to == "增加" and diff < 0) or (to == "减少" and diff > 0):
                    return self.fail(
                        b,
                        "V-18",
                        f"“{fig.text}”前写“{'增至' if to == '增加' else '降至'}”，但{_label(facts[0])}较上年"
                        f"{'减少' if diff < 0 else '增加'} / the change is in the other direction",
                        facts,
                    )
        return self.check_fact(b, facts, s0)

    def sum_of(self, b: Binding, subjects: list[str], s0: int) -> Binding:
        """共计N after several facts in the sentence (新收173件，上年结转10件，共计183件): their sum."""
        facts = [subject_facts(self.ctx.facts, x, None) for x in subjects]
        if any(len(f) != 1 for f in facts):
            return self.unbound(b, (s0, b.figure.start))
        parts = [f[0] for f in facts]
        total = sum((f.value for f in parts), Decimal(0))
        keys = {f.key for f in parts}
        named = next(
            (
                f
                for f in self.ctx.facts
                if f.source.startswith("derived: ")
                and set(f.source.removeprefix("derived: ").split(" + ")) == keys
            ),
            None,
        )
        b.words = "＋".join(_label(f) for f in parts) + "，共计"
        b.fact = named.key if named is not None else "sum:" + "+".join(sorted(keys))
        if _fits(b.figure, total):
            b.status = "verified"
            b.note = f"{b.words}（{format_value(total)}）"
            return b
        return self.fail(
            b,
            "V-1",
            f"“{b.figure.text}”应为{'＋'.join(_label(f) for f in parts)}之和{format_value(total)} / "
            f"the sum is {format_value(total)}",
            parts,
            expected=format_value(total),
        )

    def pick_subject(self, targets: list[str], fig: Figure, hint: str | None) -> str | None:
        if not targets:
            return None
        if hint is not None:
            parts = fact_parts(hint)
            if parts is not None and parts[0] in targets:
                return parts[0]
        if len(targets) == 1:
            return targets[0]
        if "t3.new" in targets and "apps.received_total" in targets:
            return "t3.new"  # resolved by _is_received (含上年结转) or reported as ambiguous
        return targets[0]

    def each_names(
        self, toks: list[Token], window: tuple[int, int]
    ) -> list[tuple[str | None, str | None]]:
        each = next(t for t in toks if t.role == "each")
        before = [
            t for t in toks if t.end <= each.start and t.role in ("subject", "object", "qualifier")
        ]
        # the list is the clause before 分别 (办结的申请中，予以公开、部分公开分别为…: not 办结)
        cut = max(
            (i for i in range(window[0], each.start) if self.text[i] in "，,；;：:"), default=-1
        )
        if len([t for t in before if t.start > cut]) >= 2:
            before = [t for t in before if t.start > cut]
        # a compound name (行政复议和行政诉讼) lists its parts when each part is a name itself
        split: list[Token] = []
        for t in before:
            parts = re.split(r"[和、及与]", t.text)
            words = [self.lex.words.get(p) for p in parts]
            if len(parts) > 1 and all(w is not None and w.role == t.role for w in words):
                pos = t.start
                for p, w in zip(parts, words, strict=True):
                    assert w is not None
                    split.append(Token(pos, pos + len(p), w))
                    pos += len(p) + 1
            else:
                split.append(t)
        before = split
        after = [
            t for t in toks if t.start >= each.end and t.role in ("subject", "object", "qualifier")
        ]
        common_subject = next((t.word.targets[0] for t in after if t.role != "qualifier"), None)
        common_qual = next((t.word.targets[0] for t in after if t.role == "qualifier"), None)
        # group the names before 分别 by the separators between them
        groups: list[list[Token]] = []
        for t in before:
            if groups:
                gap = self.text[groups[-1][-1].end : t.start]
                if not re.search(r"[、，,和与及或]", gap):
                    groups[-1].append(t)
                    continue
            groups.append([t])
        subjects = [t for g in groups for t in g if t.role != "qualifier"]
        quals = [t for g in groups for t in g if t.role == "qualifier"]
        names: list[tuple[str | None, str | None]] = []
        if len(groups) < 2:
            return names
        shared_subject = (
            subjects[0].word.targets[0] if len(subjects) == 1 and len(quals) > 1 else None
        )
        shared_qual = quals[0].word.targets[0] if len(quals) == 1 and len(subjects) > 1 else None
        prev_subject = self.prev.subject if self.prev else None
        for g in groups:
            subj = next((t.word.targets[0] for t in g if t.role != "qualifier"), None)
            qual = next((t.word.targets[0] for t in g if t.role == "qualifier"), None)
            subj = subj or shared_subject or common_subject or prev_subject
            qual = qual or shared_qual or common_qual
            if subj is None and qual in ("upheld", "corrected", "other", "pending"):
                subj = "t4.all"
            names.append((subj, qual))
        return names

    def all_names(
        self, toks: list[Token], window: tuple[int, int]
    ) -> list[tuple[str, str | None, str]]:
        """A、B、C均为0件: the subjects listed before 均, with their words."""
        names: list[tuple[str, str | None, str]] = []
        quals = [t for t in toks if t.role == "qualifier"]
        qual = quals[-1].word.targets[0] if len(quals) == 1 else None
        for t in toks:
            if t.role == "subject":
                names.append((t.word.targets[0], qual, t.text))
        return names

    def all_equal(self, b: Binding, names: list[tuple[str, str | None, str]], s0: int) -> Binding:
        fig = b.figure
        facts: list[Fact] = []
        for subject, qualifier, _ in names:
            found = [
                f for f in subject_facts(self.ctx.facts, subject, qualifier) if _unit_ok(fig, f)
            ]
            if len(found) != 1:
                return self.unbound(b, (s0, fig.start))
            facts.append(found[0])
        b.words = "、".join(w for _, _, w in names) + "均"
        b.subject, b.qualifier = names[-1][0], names[-1][1]
        self.remember(b, s0)
        for f in facts:
            if not _fits(fig, f.value):
                return self.wrong(b, f)
        b.status, b.fact = "verified", facts[-1].key
        b.note = "、".join(f"{_label(f)} {f.text}" for f in facts)
        return b

    def name_words(self, subject: str | None, qualifier: str | None) -> str:
        """The words a listed name was written with (分别 lists)."""
        out = []
        for target in (subject, qualifier):
            if target is None:
                continue
            found = [
                w for w, word in self.lex.words.items() if target in word.targets and w in self.text
            ]
            out.append(max(found, key=len) if found else target)
        return "分别：" + "".join(out)

    # --- checks -------------------------------------------------------------------------------

    def remember(self, b: Binding, s0: int) -> None:
        if b.subject is not None:
            if self.prev is None or self.prev.sentence != s0:
                self.sentence_subjects = []
                self.sentence_tops = []
            self.sentence_subjects.append(b.subject)
            if b.qualifier is None and b.subject not in self.sentence_tops:
                self.sentence_tops.append(b.subject)
            base = b.words.split("…")[0] if "…" in b.words else b.words
            self.prev = _Prev(b.subject, b.qualifier, b.fact, s0, base)

    def check_fact(
        self, b: Binding, facts: list[Fact], s0: int, *, hint_only: bool = False
    ) -> Binding:
        fig = b.figure
        self.remember(b, s0)
        facts = [f for f in facts if _unit_ok(fig, f)]
        if not facts:
            return self.unbound(b, (s0, fig.start))
        hint = self.hint(fig)
        if hint_only:
            b.words = b.words or f"{{{{{hint}}}}}"
        values = {f.value for f in facts}
        if len(values) > 1:
            chosen = [f for f in facts if f.key == hint]
            if not chosen:
                if self.ctx.mode == "published":
                    b.status = "skip"
                    return b
                listing = "、".join(f"{_label(f)} {f.text}（{{{{{f.key}}}}}）" for f in facts[:4])
                return self.fail(
                    b,
                    "V-16",
                    f"“{b.words}”可指多个数字：{listing}，请写明是哪一项 / “{b.words}” names several "
                    "facts of different values; name the one meant",
                    facts,
                )
            facts = chosen
        fact = facts[0]
        b.fact = fact.key
        if self.prev is not None:
            self.prev.fact = fact.key
        if not _fits(fig, fact.value):
            return self.wrong(b, fact)
        return self.verified(b, fact)

    def verified(self, b: Binding, fact: Fact) -> Binding:
        fig = b.figure
        b.status, b.fact = "verified", fact.key
        b.note = f"{_label(fact)}（{fact.source}），依据“{b.words}” / bound by “{b.words}”"
        if (
            fact.table
            and fig.kind == "count"
            and not fig.approx
            and not re.search(r"[0-9０-９]", fig.text)
        ):
            b.warning = (
                "V-5",
                f"表格数字“{fig.text}”宜写作阿拉伯数字“{fact.text}” / write table figures in Arabic "
                "numerals",
            )
            return b
        if fact.table and fig.approx:
            b.warning = (
                "V-13",
                f"表格数字“{fig.text}”不应写成约数，应为“{fact.text}” / state table figures exactly",
            )
        return b

    def wrong(self, b: Binding, fact: Fact, value_text: str | None = None) -> Binding:
        fig = b.figure
        shown = value_text or fact.text
        if fig.approx or fig.kind == "multiple":
            rule = "V-13"
            msg = f"“{b.words}”的约数“{fig.text}”与实际数字{shown}不符 / the approximation does not fit {shown}"
        else:
            others = [
                f
                for f in self.ctx.facts
                if f.key != fact.key and _unit_ok(fig, f) and f.value == fig.value
            ]
            rule = "V-2" if others else "V-1"
            msg = (
                f"“{b.words}”后的数字“{fig.text}”与数据不符，{_label(fact)}应为{shown}"
                f"（{{{{{fact.key}}}}}） / the figure after “{b.words}” does not match its fact ({shown})"
            )
            received = self.ctx.facts.get("apps.received_total")
            if fact.key == "t3.new.total" and received is not None and received.value == fig.value:
                msg += (
                    f"；如指新收＋上年结转（{received.text}），请写明“含上年结转” / "
                    "if new + carried over is meant, say 含上年结转"
                )
        b.fact = fact.key
        return self.fail(b, rule, msg, [fact], expected=shown)

    def fail(
        self,
        b: Binding,
        rule: str,
        message: str,
        facts: list[Fact] | None = None,
        expected: str | None = None,
    ) -> Binding:
        b.status, b.rule, b.message = "unverified", rule, message
        b.note = message
        b.expected = expected
        b.candidates = [f.key for f in facts or []]
        b.cells = [f.source for f in facts or [] if not f.source.startswith(("derived", "prior"))][
            :3
        ]
        return b

    def share(
        self,
        b: Binding,
        subject: str,
        qualifier: str | None,
        toks: list[Token],
        share_at: Token | None,
        s0: int,
    ) -> Binding:
        fig = b.figure
        num = subject_facts(self.ctx.facts, subject, qualifier)
        num = [f for f in num if f.unit != "%"]
        if len(num) != 1:
            return self.unbound(b, (s0, fig.start)) if not num else self.check_fact(b, num, s0)
        base_subject: str | None = None
        if share_at is not None:
            for t in toks:
                if t.start >= share_at.end and t.role in ("subject", "object"):
                    base_subject = t.word.targets[0]
                    if "apps.received_total" in t.word.targets and t.text not in ("新收",):
                        base_subject = (
                            "apps.received_total"
                            if "总" in self.text[t.start : t.end + 3]
                            else base_subject
                        )
                    break
        if base_subject is None or (base_subject == subject and not qualifier):
            parent = next(
                (f.part_of for f in self.ctx.data.figures if f"figures.{f.key}" == subject), None
            )
            if parent is not None:
                base_subject = f"figures.{parent}"  # 其中宣讲信息82条，占九成以上: of its whole
            elif subject.startswith("t3.") and qualifier and qualifier in _APPLICANT_COLUMNS:
                base_subject = subject  # 新收申请中，自然人126件，占72.8%: of 新收
            elif subject == "t3.total":
                base_subject = "apps.received_total"  # 办结率: 办结 ÷ (新收＋上年结转)
            elif subject.startswith(("t3.", "apps.")):
                base_subject = "t3.total"
            elif subject.startswith("t4.") and qualifier:
                # 纠错率: over all cases or over the concluded ones (without 尚未审结)?
                all_cases = subject_facts(self.ctx.facts, subject, None)
                pending = subject_facts(self.ctx.facts, subject, "pending")
                stated = (  # 行政复议6件，其中维持3件，占50%: of the 6 just stated
                    self.prev is not None
                    and self.prev.sentence == s0
                    and subject in self.sentence_tops
                )
                if len(all_cases) == 1 and len(pending) == 1 and pending[0].value and not stated:
                    num = subject_facts(self.ctx.facts, subject, qualifier)
                    concluded = all_cases[0].value - pending[0].value
                    if num and concluded:
                        a = num[0].value * 100 / all_cases[0].value
                        c = num[0].value * 100 / concluded
                        if not (_fits(fig, a, a) and _fits(fig, c, c)):
                            self.remember(b, s0)
                            return self.fail(
                                b,
                                "V-16",
                                f"“{b.words}{fig.text}”的基数不明：占全部{all_cases[0].text}为"
                                f"{a.quantize(Decimal('0.1'))}%，占已审结{format_value(concluded)}件为"
                                f"{c.quantize(Decimal('0.1'))}%，请写明基数 / the base of this rate "
                                "is unclear: name it",
                                num + all_cases,
                            )
                base_subject = subject
            elif subject.startswith("t4.") and subject != "t4.all":
                base_subject = "t4.all"  # 复议、诉讼分别占全部案件的…
            else:
                return self.unbound(b, (s0, fig.start))
        base_q = None if base_subject != subject else None
        base = subject_facts(self.ctx.facts, base_subject, base_q)
        if len(base) != 1 or base[0].value == 0:
            return self.unbound(b, (s0, fig.start))
        exact = num[0].value * 100 / base[0].value
        self.remember(b, s0)
        self.last_share = (num[0].key, base[0].key, s0)
        b.fact = f"share:{num[0].key}/{base[0].key}"
        b.words = b.words or "占"
        shown = f"{_round_to(exact, fig.value if fig.low is None else Decimal('0.1'))}%"
        if not _fits(fig, exact, exact):
            b.fact = num[0].key
            rule = "V-13" if fig.approx else "V-1"
            return self.fail(
                b,
                rule,
                f"“{fig.text}”应为{_label(num[0])}占{_label(base[0])}的比例{shown} / the share is {shown}",
                [num[0], base[0]],
                expected=shown,
            )
        b.status = "verified"
        b.note = (
            f"{_label(num[0])}（{format_value(num[0].value)}）占{_label(base[0])}"
            f"（{format_value(base[0].value)}）的比例 {exact.quantize(Decimal('0.01'))}%"
        )
        for key in (f"share.{num[0].key.split('.')[1]}",):
            if key in self.ctx.facts and base[0].key == "t3.total.total":
                b.fact = key
        return b

    def points(self, b: Binding, direction: str, s0: int) -> Binding:
        """占办结总数的40.1%，较上年下降3.3个百分点: the share's change since last year, in
        points (the exact change or the change of the shares as printed, at its precision)."""
        fig = b.figure
        last = self.last_share
        if last is None or last[2] != s0:
            return self.unbound(b, (s0, fig.start))
        num_key, base_key, _ = last
        prior = self.ctx.prior_facts
        if prior is None:
            return self.no_prior(b)
        num0, base0 = prior.get(num_key), prior.get(base_key)
        if num0 is None or base0 is None or not base0.value:
            return self.no_prior(b)
        now = self.ctx.facts[num_key].value * 100 / self.ctx.facts[base_key].value
        then = num0.value * 100 / base0.value
        diff = now - then
        b.fact = f"points:{num_key}/{base_key}"
        b.words = b.words or "占比较上年"
        actual = "增加" if diff > 0 else "减少" if diff < 0 else "持平"
        if actual != direction:
            return self.fail(
                b,
                "V-18",
                f"“{fig.text}”：该比例由上年{_round_to(then, Decimal('0.1'))}%变为"
                f"{_round_to(now, Decimal('0.1'))}%，实为{actual} / the share went the other way",
                [self.ctx.facts[num_key]],
            )
        printed = abs(_round_to(now, fig.value) - _round_to(then, fig.value))
        if _round_to(abs(diff), fig.value) == fig.value or printed == fig.value:
            b.status = "verified"
            b.note = (
                f"比例较上年{direction}（{_round_to(then, Decimal('0.01'))}%→"
                f"{_round_to(now, Decimal('0.01'))}%）"
            )
            return b
        shown = f"{_round_to(abs(diff), fig.value)}个百分点"
        return self.fail(
            b,
            "V-1",
            f"“{fig.text}”应为{shown} / the change is {shown}",
            [self.ctx.facts[num_key]],
            expected=shown,
        )

    def before_value(self, subject: str, qualifier: str | None) -> list[Fact]:
        if self.ctx.prior_facts is None:
            return []
        return subject_facts(self.ctx.prior_facts, subject, qualifier)

    def no_prior(self, b: Binding) -> Binding:
        if self.ctx.mode == "published":
            b.status = "skip"
            return b
        return self.fail(
            b,
            "V-1",
            f"数字“{b.figure.text}”是与上年比较的数字，没有上年数据无法核对：请加 --prior 上年的数据文件或"
            "年报 / a year-on-year figure: add --prior with last year's data",
        )

    def change(
        self, b: Binding, subject: str, qualifier: str | None, direction: str, s0: int
    ) -> Binding:
        fig = b.figure
        now = subject_facts(self.ctx.facts, subject, qualifier)
        then = self.before_value(subject, qualifier)
        self.remember(b, s0)
        if len(now) != 1 or len(then) != 1:
            if not now:
                return self.unbound(b, (s0, fig.start))
            return self.no_prior(b)
        cur, old = now[0], then[0]
        if fig.kind != "percent" and not _unit_ok(fig, cur):
            return self.unbound(b, (s0, fig.start))
        diff = cur.value - old.value
        b.fact = f"change.{cur.key}"
        b.words = b.words if b.words.endswith(direction) else b.words + direction
        actual = "增加" if diff > 0 else "减少" if diff < 0 else "持平"
        if actual != direction:
            return self.fail(
                b,
                "V-18",
                f"“{b.words}{fig.text}”：{_label(cur)}由上年{old.text}变为{cur.text}，实为{actual} / "
                f"the change is {actual}, not {direction}",
                [cur],
            )
        if fig.kind == "percent":
            if old.value == 0:
                return self.no_prior(b)
            exact = abs(diff) * 100 / old.value
            b.fact = f"pct.{cur.key}"
            if _fits(fig, exact, exact):
                b.status = "verified"
                b.note = f"{_label(cur)}较上年{direction}（{old.text}→{cur.text}）"
                return b
            shown = f"{_round_to(exact, fig.value)}%"
            return self.fail(
                b,
                "V-1",
                f"“{fig.text}”应为{_label(cur)}较上年{direction}的幅度{shown} / the change is {shown}",
                [cur],
                expected=shown,
            )
        if _fits(fig, abs(diff)):
            b.status = "verified"
            b.note = f"{_label(cur)}较上年{direction}（{old.text}→{cur.text}）"
            return b
        shown = format_value(abs(diff)) + cur.unit
        return self.fail(
            b,
            "V-1",
            f"“{fig.text}”应为{_label(cur)}较上年{direction}的数量{shown} / the change is {shown}",
            [cur],
            expected=shown,
        )

    def prior_value(self, b: Binding, subject: str, qualifier: str | None, s0: int) -> Binding:
        fig = b.figure
        then = self.before_value(subject, qualifier)
        self.remember(b, s0)
        if len(then) != 1:
            return (
                self.no_prior(b)
                if subject_facts(self.ctx.facts, subject, qualifier)
                else self.unbound(b, (s0, fig.start))
            )
        old = then[0]
        b.fact = f"prior.{old.key}"
        if not _unit_ok(fig, old):
            return self.unbound(b, (s0, fig.start))
        if _fits(fig, old.value):
            b.status = "verified"
            b.note = f"上年{_label(old)}（上年数据）"
            return b
        return self.fail(
            b,
            "V-1",
            f"“{fig.text}”应为上年{_label(old)}{old.text} / last year's figure is {old.text}",
            [old],
            expected=old.text,
        )

    def multiple(
        self, b: Binding, subject: str, qualifier: str | None, roles: set[str], s0: int
    ) -> Binding:
        fig = b.figure
        now = subject_facts(self.ctx.facts, subject, qualifier)
        then = self.before_value(subject, qualifier)
        self.remember(b, s0)
        if len(now) != 1 or len(then) != 1:
            return self.no_prior(b) if now else self.unbound(b, (s0, fig.start))
        if then[0].value == 0:
            return self.no_prior(b)
        ratio = now[0].value / then[0].value
        b.fact = f"change.{now[0].key}"
        if fig.low is not None:
            ok = _fits(fig, ratio, ratio)
        elif roles & {"increase"}:
            ok = fig.value * Decimal("0.95") <= ratio <= (fig.value + 1) * Decimal("1.05")
        else:
            ok = abs(ratio - fig.value) <= fig.value * Decimal("0.05")
        if ok:
            b.status = "verified"
            b.note = f"{_label(now[0])}由上年{then[0].text}到{now[0].text}（{ratio:.2f}倍）"
            return b
        return self.fail(
            b,
            "V-13",
            f"“{fig.text}”不符：{_label(now[0])}由上年{then[0].text}到{now[0].text}，为上年的{ratio:.2f}倍 / "
            f"the ratio is {ratio:.2f}",
            now,
        )

    # --- figures bound to no fact ---------------------------------------------------------------

    def unbound(self, b: Binding, window: tuple[int, int]) -> Binding:
        fig = b.figure
        ctx = self.ctx
        if ctx.mode == "published":
            b.status = "skip"
            return b
        sentence = self.text[slice(*_sentence_bounds(self.text, fig.start))]
        after = self.text[fig.end : fig.end + 6]
        if self.in_notes(fig):
            b.status, b.note = (
                "allowed",
                "工作要点中同一语境的数字 / a number the notes state in this context",
            )
            return b
        if (
            fig.value == 1
            and b.subject is None
            and fig.text[0] == "一"
            and re.match(r"[\u4e00-\u9fff“]", after)
            and (
                fig.unit in ("个", "批", "种", "套", "系列")
                or (fig.unit == "次" and re.search(r"每(?:季度|月|年|周|半年|旬)", sentence))
            )
        ):
            b.status, b.note = (  # 建立一个长效机制, 形成一批经验, 每季度开展一次检查
                "allowed",
                "“一个”“一批”（不是计数）/ the indefinite 一, not a count",
            )
            return b
        if (
            fig.value == 0
            and b.subject is None
            and fig.text.startswith("一")
            and _NONE_OF.search(self.text[: fig.start])
        ):
            b.status, b.note = (  # 未发生一起泄密事件: as 未发生泄密事件, of nothing in the data
                "allowed",
                "未涉及数据的“没有”表述 / a 'none' of something not in the data",
            )
            return b
        if (
            fig.kind == "amount"
            and fig.value == 0
            and "处理费" in sentence
            and re.search(r"(?:未|不|没有|无)收取[^。；\n]{0,8}处理费", ctx.notes_text)
        ):
            b.status, b.note = (
                "allowed",
                "工作要点写明未收取信息处理费 / the notes say no fee was charged",
            )
            return b
        lead = _clause(self.text, fig.start, fig.start)
        if (
            (fig.unit == "个" and after.startswith("工作日"))
            or (fig.unit in ("日", "天", "个") and re.match(r"(?:工作日)?内", after))
        ) and not re.search(r"平均|压缩|缩短|提速|提前|用时|仅用|耗时", lead):
            if re.search(r"法定|期限|时限|答复|规定|之日起|延长|以内|内", sentence):
                b.status, b.note = "allowed", "法定期限 / a statutory time limit"
                return b
        if (
            fig.kind == "count"
            and fig.unit in ("项", "类", "种", "个")
            and re.match(r"(?:数据|事项|情形)?(?:合计|共计|累计|总计|共)", after)
            and self.prev is not None
            and self.prev.sentence == _sentence_bounds(self.text, fig.start)[0]
            and fig.value == len(self.sentence_tops)
        ):
            b.status, b.note = "allowed", "合计的事项数 / the count of the items summed"
            return b
        if fig.kind == "count" and fig.value < 20 and self.listed(fig, sentence, after):
            b.status, b.note = "allowed", "所列事项的数目 / a count of the items listed"
            return b
        unit_note = (
            f"（计量单位“{fig.unit}”不是任何数据的单位）"
            if fig.unit and not any(f.unit == fig.unit for f in ctx.facts)
            else ""
        )
        return self.fail(
            b,
            "V-1",
            f"数字“{fig.text}”{unit_note}不是表格或数据文件中的数字，也不是工作要点在同一语境中写明的数字 / "
            f"figure {fig.text} is bound to no fact and is not a number the notes state here",
        )

    def listed(self, fig: Figure, sentence: str, after: str) -> bool:
        """A count of the items listed right before it (在A、B2处; “A”“B”2个子栏目), of a
        一是…N是 list it introduces (以下3个方面), or of a list in the notes."""
        unit_ok = fig.unit in ("个", "项", "条", "点", "类", "种", "处", "家", "方面", "") or bool(
            re.match(r"个?方面", after)
        )
        if not unit_ok:
            return False
        clause = _clause(self.text, fig.start, fig.end)
        before = clause[: clause.find(fig.text)] if fig.text in clause else clause
        quoted = re.search(r"(?:“[^”]{1,20}”[、和及与]?){2,}$", before)
        if quoted and len(re.findall("“", quoted.group(0))) == fig.value:
            return True
        tail = re.split(r"[在对将把从向]", before)[-1]
        if "、" in tail and len(re.split(r"[、和及与]", tail)) == fig.value:
            return True
        prior = self.ctx.prior
        if (
            prior is not None
            and fig.value == len(prior.problems())
            and re.search(r"上年|去年|上一年|上年度", sentence)
            and "问题" in sentence
        ):
            return True  # 上年度报告指出的2个问题
        introduces = re.search(r"以下|如下|主要|方面|：", sentence)
        if introduces and fig.value in self.list_counts:
            return True
        return bool(introduces) and fig.value in self.ctx.note_list_counts

    def in_notes(self, fig: Figure) -> bool:
        """The notes state this number with the same words before it (a shared word of the
        phrase after the previous figure): 召开新闻发布会46场 ~ 全年召开新闻发布会46场."""
        notes = norm(self.ctx.notes_text)
        for before, after in ((6, 4), (1, 6)):
            around = norm(self.text[max(0, fig.start - before) : fig.end + after])
            if len(around) > len(norm(fig.text)) + 3 and around in notes:
                return True  # the words around it are the notes' own (a quoted note)
        mine = _bigrams(_phrase_before(self.text, fig.start))
        for nf in self.ctx.note_figures:
            if nf.value != fig.value or nf.kind != fig.kind:
                continue
            if nf.unit != fig.unit and not (
                nf.kind == "count" and {nf.unit, fig.unit} <= {"件", "余件"}
            ):
                continue
            at = nf.clause.find(nf.text)
            theirs = _bigrams(_phrase_before(nf.clause, at if at >= 0 else len(nf.clause)))
            if mine & theirs:
                return True
        return False

    def allowed_date(self, fig: Figure, window: tuple[int, int]) -> Binding:
        ctx = self.ctx
        b = Binding(fig)
        text = self.text
        if fig.kind == "other":
            if norm(fig.text) in norm(ctx.notes_text) or ctx.mode == "published":
                b.status, b.note = (
                    "allowed",
                    "见于工作要点或联系方式 / in the notes or the contact details",
                )
                return b
            return self.fail(
                b,
                "V-1",
                f"号码“{fig.text}”不见于工作要点或联系方式 / number {fig.text} is not in the notes or contact",
            )
        year = int(fig.value) if fig.value else ctx.year
        s0, s1 = _sentence_bounds(text, fig.start)
        sentence = text[s0:s1]
        before = text[max(s0, fig.start - 12) : fig.start]
        after = text[fig.end : min(s1, fig.end + 12)]
        ok: str | None = None
        if (
            fig.kind == "date"
            and re.search(
                r"统计(?:期限|时限|时间|区间|周期|范围|时段|截止)|数据统计|统计口径", sentence
            )
            and re.search(r"月\s*\d{1,2}\s*日", fig.text)
            and year == ctx.year
        ):
            period = {f"{ctx.year}年1月1日", f"{ctx.year}年12月31日", "1月1日", "12月31日"}
            for note in ctx.data.note("statistics"):
                period |= {norm(f.text) for f in find_figures(note) if f.kind == "date"}
            if norm(fig.text) not in period:
                return self.fail(
                    b,
                    "V-3",
                    f"统计期限的日期“{fig.text}”不是{ctx.year}年1月1日至12月31日 / the statistics "
                    "period is the calendar year",
                )
        if fig.kind == "date" and norm(fig.text) in ctx.allowed_dates:
            ok = "统计期限或工作要点中的日期 / the statistics period or a date in the notes"
        elif year == ctx.year:
            ok = "报告年度 / the report year"
        elif fig.kind == "year" and year in ctx.allowed_years:
            ok = "工作要点中的年份 / a year in the notes"
        elif year == ctx.year + 1 and (
            self.part in _NEXT_YEAR_PARTS or re.search(r"结转|顺延|继续办理", sentence)
        ):
            ok = "下一年度的工作计划 / next year's plans"
        elif (
            _inside_title(text, fig.start)
            or (
                re.search(r"修订|修正|施行|实施|颁布|公布|印发|出台", after[:10])
                and "《" in sentence
            )
            or re.search(r"《", after[:3])
        ) and year <= ctx.year:
            ok = "法规、文件的年份 / the year of a law or document"
        elif year == ctx.year - 1 and (
            re.search(r"^年?度?[^，。；]{0,14}(?:报告|年报)", text[fig.end : fig.end + 24])
            or (self.part == "problems" and re.search(r"问题|整改|改进", sentence))
        ):
            ok = "上一年度的年度报告 / last year's report"
        elif (
            ctx.prior_year is not None
            and year == ctx.prior_year
            and (
                re.search(r"(?:较|比|与|由|从|同|对比|相比)$", before.rstrip("的年"))
                or re.match(r"年?度?(?:相比|同期|比较|报告|年报|提出|指出|的同期|底|末)", after)
                or re.search(r"相比|同比|上年|去年", sentence)
            )
        ):
            ok = "上一年度（与上年比较）/ last year, where the words name it"
        if ok:
            b.status, b.note = "allowed", ok
            return b
        if ctx.mode == "published":
            b.status = "skip"
            return b
        what = "年份" if fig.kind == "year" else "日期"
        return self.fail(
            b,
            "V-3",
            f"{what}“{fig.text}”不是本报告年度{ctx.year}年的日期，也不见于工作要点 / "
            f"{fig.text} is not a date of the report year and not in the notes",
        )

    def level_statements(self, bound: list[Binding]) -> list[Binding]:
        """与上年持平 / 保持不变 after a figure: its fact did not change since last year."""
        out: list[Binding] = []
        out.extend(self.bare_directions(bound))
        for m in re.finditer(
            r"(基本)?持平|保持不变|与上年(?:相同|一致)|没有变化|无变化", self.text
        ):
            s0, _ = _sentence_bounds(self.text, m.start())
            before = [
                b
                for b in bound
                if s0 <= b.figure.start < m.start()
                and b.status == "verified"
                and b.subject is not None
                and not (b.fact or "").startswith(("prior.", "change.", "pct.", "share"))
            ]
            if not before:
                continue
            last = before[-1]
            assert last.subject is not None
            now = subject_facts(self.ctx.facts, last.subject, last.qualifier)
            if self.ctx.prior_facts is None:
                if len(now) == 1 and self.ctx.mode == "draft":
                    fig = Figure(m.start(), m.end(), m.group(0), Decimal(0), "count", now[0].unit)
                    out.append(self.no_prior(Binding(fig, zero=True, words=m.group(0))))
                continue
            then = subject_facts(self.ctx.prior_facts, last.subject, last.qualifier)
            if len(now) != 1 or len(then) != 1:
                continue
            cur, old = now[0].value, then[0].value
            roughly = bool(m.group(1))
            same = cur == old or (roughly and old and abs(cur - old) <= abs(old) * Decimal("0.05"))
            fig = Figure(m.start(), m.end(), m.group(0), cur - old, "count", now[0].unit)
            b = Binding(fig, zero=True, words=m.group(0), fact=f"change.{now[0].key}")
            b.subject, b.qualifier = last.subject, last.qualifier
            if same:
                b.status = "verified"
                b.note = f"{_label(now[0])}与上年持平（{then[0].text}→{now[0].text}）"
            else:
                self.fail(
                    b,
                    "V-18",
                    f"“{m.group(0)}”不符：{_label(now[0])}由上年{then[0].text}变为{now[0].text} / "
                    "it changed since last year",
                    now,
                    expected=f"{then[0].text}→{now[0].text}",
                )
            out.append(b)
        return out

    def bare_directions(self, bound: list[Binding]) -> list[Binding]:
        """较上年有所减少 after a figure, with no figure of its own: the direction of the change of
        the fact before it (V-18); without last year's data it cannot be checked."""
        out: list[Binding] = []
        if self.ctx.mode == "published":
            return out
        pattern = re.compile(
            r"(?:较上年度?|比上年度?|较去年|比去年|同比|与上年相比|与去年相比)[，,]?"
            r"(?:有所|明显|大幅|略有|小幅|显著|稳步|持续)?(增加|增长|上升|提高|增多|减少|下降|回落|降低)"
        )
        for m in pattern.finditer(self.text):
            s0, s1 = _sentence_bounds(self.text, m.start())
            clause_end = m.end()
            while clause_end < s1 and self.text[clause_end] not in "，,；;。！？!?\n":
                clause_end += 1
            if any(m.start() <= b.figure.start < clause_end for b in bound):
                continue  # 较上年增加40件: the figure is checked itself
            before = [
                b
                for b in bound
                if s0 <= b.figure.start < m.start()
                and b.status == "verified"
                and b.subject is not None
                and not b.zero
                and not (b.fact or "").startswith(("prior.", "change.", "pct.", "share", "points"))
            ]
            if not before:
                continue
            last = before[-1]
            assert last.subject is not None
            now = subject_facts(self.ctx.facts, last.subject, last.qualifier)
            if len(now) != 1:
                continue
            direction = "增加" if m.group(1) in ("增加", "增长", "上升", "提高", "增多") else "减少"
            fig = Figure(m.start(), m.end(), m.group(0), Decimal(0), "count", now[0].unit)
            b = Binding(fig, zero=True, words=m.group(0), fact=f"change.{now[0].key}")
            b.subject, b.qualifier = last.subject, last.qualifier
            then = (
                subject_facts(self.ctx.prior_facts, last.subject, last.qualifier)
                if self.ctx.prior_facts is not None
                else []
            )
            if len(then) != 1:
                if self.ctx.mode == "draft":
                    out.append(self.no_prior(b))
                continue
            diff = now[0].value - then[0].value
            actual = "增加" if diff > 0 else "减少" if diff < 0 else "持平"
            if actual == direction:
                b.status = "verified"
                b.note = f"{_label(now[0])}较上年{direction}（{then[0].text}→{now[0].text}）"
            else:
                self.fail(
                    b,
                    "V-18",
                    f"“{m.group(0)}”不符：{_label(now[0])}由上年{then[0].text}变为{now[0].text}，"
                    f"实为{actual} / the change is {actual}",
                    now,
                )
            out.append(b)
        return out

    # --- zero statements -----------------------------------------------------------------------

    def zero_statements(self, figs: list[Figure]) -> list[Binding]:
        out: list[Binding] = []
        text = self.text
        taken = [(t.start, t.end) for t in self.tokens]
        for m in _ZERO.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue  # part of a naming word (无法提供, 逾期未缴纳, 尚未审结)
            if m.group(0) == "无" and text[m.end() : m.end() + 1] in (
                "法",
                "论",
                "纸",
                "需",
                "须",
                "误",
            ):
                continue
            a, b = m.end(), m.end()
            while b < len(text) and text[b] not in "，,。；;！？!?\n" and b - a < 24:
                b += 1
            if any(a <= f.start < b for f in figs):
                continue
            toks = [
                t
                for t in self.tokens
                if a <= t.start and t.end <= b and t.role in ("subject", "object", "qualifier")
            ]
            if not toks:
                continue
            if m.group(0) == "无" and toks[0].start - a > 1:
                continue
            if toks[0].start - a > 12:
                continue
            subjects = [t for t in toks if t.role != "qualifier"]
            # the zero names the first subject, and those joined to it by 、/和/及 (未发生行政复议、
            # 行政诉讼); a later word qualifies it (无结转下年度办理的申请: not 办理)
            chain = subjects[:1]
            for t in subjects[1:]:
                if text[chain[-1].end : t.start].strip() not in ("、", "和", "及", "或", "与"):
                    break
                chain.append(t)
            subjects = chain
            quals = [t for t in toks if t.role == "qualifier"]
            named: list[tuple[str, str | None, Token]] = []
            # events that can be said not to have happened: applications received, reviews and
            # lawsuits, documents issued (not 未答复 / 未办结: unanswered ones are not "none")
            subjects = [
                t
                for t in subjects
                if not any(x == "t3.total" for x in t.word.targets)
                # 无结转下年度的申请 is a zero; 未办结的申请结转下年度 is not (the zero is 办结's)
                and not ("t3.carried_forward" in t.word.targets and t.start - m.end() > 1)
                and (t.text not in _WEAK_VERBS or t.text in _RECEIVE_VERBS)
            ]
            if subjects:
                for t in subjects:
                    targets = list(t.word.targets)
                    subj = "t3.new" if "t3.new" in targets else targets[0]
                    named.append((subj, quals[0].word.targets[0] if quals else None, t))
            elif quals:
                q = quals[0].word.targets[0]
                if f"t3.new.{q}" in self.ctx.facts and quals[0].text != "其他":
                    named.append(("t3.new", q, quals[0]))  # 未收到法人或其他组织提出的申请
                elif q in ("upheld", "corrected", "other", "pending"):
                    if quals[0].text != "其他":
                        named.append(("t4.all", q, quals[0]))
            phrase = text[m.start() : b]
            first = True
            for subj, qual, tok in named:
                word = tok.text
                facts = [f for f in subject_facts(self.ctx.facts, subj, qual) if f.unit != "%"]
                facts = [f for f in facts if f.kind == "count"]
                if len(facts) != 1:
                    continue
                fact = facts[0]
                # one span per fact named (未发生行政复议、行政诉讼: two), never overlapping
                a0 = m.start() if first else tok.start
                first = False
                fig = Figure(a0, tok.end, text[a0 : tok.end], Decimal(0), "count", fact.unit)
                bind = Binding(fig, zero=True, words=m.group(0) + word, fact=fact.key)
                bind.subject, bind.qualifier = subj, qual
                if fact.value == 0:
                    bind.status = "verified"
                    bind.note = f"{_label(fact)}为0（“{m.group(0)}{word}”）/ a zero statement"
                else:
                    self.fail(
                        bind,
                        "V-17",
                        f"“{phrase}”说没有，但{_label(fact)}为{fact.text} / the text says none, "
                        f"the data has {fact.text}",
                        [fact],
                        expected=fact.text,
                    )
                out.append(bind)
        return out


_NONE_OF = re.compile(r"(?:无|没有|未有|并无|均无|未出现|未发生)$")


def _none_of(text: str, fig: Figure) -> Figure:
    """无一件, 没有一起: a figure of value 0 (无一件申请被不予公开 says 不予公开 is 0)."""
    if fig.kind == "count" and fig.text.startswith("一") and _NONE_OF.search(text[: fig.start]):
        return dataclasses.replace(fig, value=Decimal(0))
    return fig


def _together(text: str, fig: Figure) -> bool:
    """与群众一起开展活动: 一起 is 'together', not one case (一起案件)."""
    if fig.text != "一起":
        return False
    lead = _clause(text, fig.start, fig.start)
    rest = text[fig.end : fig.end + 4]
    return bool(re.search(r"[与和同跟]", lead)) and not re.match(
        r"(?:行政)?(?:案件|事件|诉讼|复议|申请|投诉|举报|泄密|责任)", rest
    )


def _inside_title(text: str, pos: int) -> bool:
    open_ = text.rfind("《", 0, pos)
    return open_ != -1 and text.find("》", open_) > pos


def _is_received(text: str, fig: Figure, words: list[str], ctx: VerifyContext) -> bool:
    """收到Z件（含上年结转W件）: Z is 新收 + 上年结转."""
    if "新收" in words or "新收" in text[max(0, fig.start - 8) : fig.start]:
        return False
    _, s1 = _sentence_bounds(text, fig.start)
    rest = text[fig.end : s1]
    nxt = re.search(r"\d+\s*件", rest)  # the clarifier belongs to this figure, not a later one
    m = _RECEIVED_CLARIFIER.search(rest)
    return m is not None and (nxt is None or m.start() <= nxt.start())


_STOP_BIGRAMS = {"我局", "全年", "本年", "年度", "开展", "进一步", "工作", "政府", "信息", "公开"}


def _bigrams(text: str) -> set[str]:
    cjk = re.sub(r"[^\u4e00-\u9fff]", " ", text)
    out: set[str] = set()
    for chunk in cjk.split():
        for i in range(len(chunk) - 1):
            bg = chunk[i : i + 2]
            if bg not in _STOP_BIGRAMS:
                out.add(bg)
    return out


def _phrase_before(text: str, pos: int) -> str:
    """The words before a number in its clause, after the previous number."""
    a = pos
    while a > 0 and text[a - 1] not in "，,；;。！？!?\n、" and not text[a - 1].isdigit():
        a -= 1
    return text[a:pos]


def _clause(text: str, start: int, end: int) -> str:
    a = start
    while a > 0 and text[a - 1] not in "，,；;。！？!?\n":
        a -= 1
    b = end
    while b < len(text) and text[b] not in "，,；;。！？!?\n":
        b += 1
    return text[a:b]


def _set_phrase_spans(text: str) -> list[tuple[int, int]]:
    flat = text.translate(_HALF)
    spans: list[tuple[int, int]] = []
    for phrase in set_phrases():
        p = phrase.translate(_HALF)
        i = flat.find(p)
        while i != -1:
            spans.append((i, i + len(p)))
            i = flat.find(p, i + 1)
    return spans


_HALF = str.maketrans("０１２３４５６７８９＋×＊", "0123456789+×*")


def bind_text(
    text: str,
    ctx: VerifyContext,
    *,
    part: str | None = None,
    hints: dict[tuple[int, int], str] | None = None,
    list_counts: set[int] | None = None,
) -> list[Binding]:
    """Every figure of `text` (and every zero statement) with the fact it is bound to."""
    return _Binder(text, ctx, part, hints or {}, list_counts or set()).run()
