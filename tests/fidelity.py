"""The narrative-fidelity corpus: realistic model answers with one planted wrong figure, or none.

Each case in `tests/fixtures/fidelity/cases/*.json` names the counts file (and last year's), the
part its answer is for, the answer a model returned, the kind of case, and the strings the written
report MUST contain (correct sentences, kept verbatim) and MUST NOT contain (the wrong figure with
the words around it). The other two parts are answered with the example's fixed answers in
`tests/fixtures/fidelity/parts/`.

Cases are judged only by those strings, read from report.md, the text of report.html and the text
of report.docx — never by asking the product's own verifier. Used by
`tests/test_narrative_fidelity.py` (the library path, in-process) and
`benchmarks/narrative_fidelity.py` (the whole `draft-report` command).
"""

from __future__ import annotations

import html
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tests.stubserver import Reply, answer, part_of

ROOT = Path(__file__).resolve().parent.parent
FIDELITY = Path(__file__).parent / "fixtures" / "fidelity"
CASES = FIDELITY / "cases"
PARTS = FIDELITY / "parts"
TODAY = "2026-11-28"
OUTPUTS = ("report.md", "report.html", "report.docx")


@dataclass(frozen=True)
class Case:
    id: str
    counts: Path
    prior: Path | None
    part: str
    kind: str
    expect: Literal["reject", "keep"]
    note: str
    must: tuple[str, ...]
    must_not: tuple[str, ...]
    answer: dict[str, Any]

    @property
    def example(self) -> str:
        """The example's short name (`qingshi`, `lanjiang`, `guguantun`): its fixed answers."""
        return self.counts.parent.name.split("-")[0]


def load_cases(folder: Path = CASES) -> list[Case]:
    """Every case file in `folder`, sorted by id."""
    cases = []
    for path in sorted(folder.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        cases.append(
            Case(
                id=raw["id"],
                counts=ROOT / raw["counts"],
                prior=ROOT / raw["prior"] if raw.get("prior") else None,
                part=raw["part"],
                kind=raw["kind"],
                expect=raw["expect"],
                note=raw.get("note", ""),
                must=tuple(raw.get("must", ())),
                must_not=tuple(raw.get("must_not", ())),
                answer=raw["answer"],
            )
        )
    return cases


def fixed_answer(example: str, part: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PARTS / f"{example}-{part}.json").read_text("utf-8"))
    return data


def stub_script(cases: list[Case]) -> Any:
    """The stub server's script: the request's `model` is the case id; the case's part gets the
    case's answer (every round: the model does not mend it), other parts the fixed answers."""
    by_id = {c.id: c for c in cases}

    def script(body: dict[str, Any], n: int) -> Reply:
        case = by_id[str(body.get("model"))]
        part = part_of(body)
        payload = case.answer if part == case.part else fixed_answer(case.example, part)
        return answer(body, payload)

    return script


# --- the text a reader sees in each output -----------------------------------------------------

_BLOCK = re.compile(r"</?(?:p|div|h[1-6]|li|ul|ol|tr|td|th|table|br|section|header|footer)\b[^>]*>")
_SKIP = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)


def html_text(source: str) -> str:
    """Visible text of an HTML page: scripts and styles dropped, block tags as line breaks."""
    body = _SKIP.sub("", source)
    body = _BLOCK.sub("\n", body)
    body = re.sub(r"<[^>]+>", "", body)
    return html.unescape(body)


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a Word file, one per line."""
    import docx  # python-docx: test-side reading only

    doc = docx.Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def output_texts(
    files: dict[str, str | bytes], outputs: tuple[str, ...] = OUTPUTS
) -> dict[str, str]:
    """{"report.md": text, "report.html": text, "report.docx": text} from the written files."""
    texts: dict[str, str] = {}
    for name in outputs:
        content = files[name]
        if name.endswith(".docx"):
            assert isinstance(content, bytes)
            texts[name] = docx_text(content)
        else:
            text = content.decode("utf-8") if isinstance(content, bytes) else content
            texts[name] = html_text(text) if name.endswith(".html") else text
    return texts


# --- judging by strings --------------------------------------------------------------------------


@dataclass
class Verdict:
    case: Case
    leaked: list[tuple[str, str]] = field(default_factory=list)  # (string, output)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (string, output)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.leaked and not self.missing and not self.error

    def describe(self) -> str:
        bits = [f"{self.case.id} [{self.case.kind}] {self.case.note}"]
        for s, where in self.leaked:
            bits.append(f"    leaked 漏过: “{s}” in {where}")
        for s, where in self.missing:
            bits.append(f"    missing 缺失: “{s}” in {where}")
        if self.error:
            bits.append(f"    error: {self.error}")
        return "\n".join(bits)


def judge(case: Case, texts: dict[str, str]) -> Verdict:
    """The case's must / must-not strings against each output's text."""
    verdict = Verdict(case)
    for name, text in texts.items():
        flat = text.replace("\r", "")
        for s in case.must_not:
            if s in flat:
                verdict.leaked.append((s, name))
        for s in case.must:
            if s not in flat:
                verdict.missing.append((s, name))
    return verdict


@dataclass
class Summary:
    verdicts: list[Verdict]

    @property
    def leaked(self) -> list[Verdict]:
        """Wrong figures that reached an output."""
        return [v for v in self.verdicts if v.leaked]

    @property
    def rejected(self) -> list[Verdict]:
        """Correct answers whose sentences did not all reach the outputs."""
        return [v for v in self.verdicts if v.case.expect == "keep" and (v.missing or v.error)]

    @property
    def collateral(self) -> list[Verdict]:
        """Wrong-figure answers that lost correct sentences besides the wrong one."""
        return [v for v in self.verdicts if v.case.expect == "reject" and (v.missing or v.error)]

    def lines(self) -> list[str]:
        cases = [v.case for v in self.verdicts]
        wrong = [c for c in cases if c.expect == "reject"]
        right = [c for c in cases if c.expect == "keep"]
        leaked = Counter(v.case.kind for v in self.leaked)
        rejected = Counter(v.case.kind for v in self.rejected)
        collateral = Counter(v.case.kind for v in self.collateral)
        out = [
            f"cases 用例: {len(cases)} — wrong 错误 {len(wrong)}, correct 正确 {len(right)}; "
            f"examples: {', '.join(sorted(Counter(c.example for c in cases)))}",
            "",
            f"{'kind':<18}{'wrong':>6}{'leaked':>8}{'lost':>6}{'correct':>9}{'rejected':>10}",
        ]
        for kind in sorted({c.kind for c in cases}):
            w = sum(1 for c in wrong if c.kind == kind)
            r = sum(1 for c in right if c.kind == kind)
            out.append(
                f"{kind:<18}{w:>6}{leaked[kind]:>8}{collateral[kind]:>6}{r:>9}{rejected[kind]:>10}"
            )
        out += [
            "",
            f"leaked wrong figures 漏过的错误数字: {len(self.leaked)} / {len(wrong)}",
            f"rejected correct answers 被拒的正确回答: {len(self.rejected)} / {len(right)}",
            f"wrong answers that lost correct sentences too 连带删去正确句子: "
            f"{len(self.collateral)} / {len(wrong)}",
        ]
        return out


# --- running a case --------------------------------------------------------------------------------


def run_library(
    case: Case, base_url: str, log_path: Path, outputs: tuple[str, ...] = OUTPUTS
) -> Verdict:
    """Draft in-process (`draft()` against the stub, as `draft-report` does), render the report
    files named in `outputs` in memory, judge them."""
    from nianbao.draft.drafter import draft
    from nianbao.draft.settings import ModelSettings
    from nianbao.load import load_counts
    from nianbao.render import report_files

    data = load_counts(case.counts)
    prior = load_counts(case.prior) if case.prior else None
    settings = ModelSettings(base_url=base_url, api_key="test", model=case.id, cache=False)
    try:
        result = draft(data, prior=prior, settings=settings, log_path=log_path)
        formats = [name.split(".")[1] for name in outputs]
        files = report_files(data, result.narrative, "out", formats)  # type: ignore[arg-type]
    except Exception as e:  # a crash is a failed case, reported with the others
        return Verdict(case, error=f"{type(e).__name__}: {e}")
    return judge(case, output_texts({p.name: c for p, c in files.items()}, outputs))


def run_cli(case: Case, base_url: str, out_dir: Path) -> Verdict:
    """Run the `draft-report` command (typer CliRunner, in this process) into `out_dir` and judge
    the files it wrote."""
    from typer.testing import CliRunner

    from nianbao.cli.draft import draft_report_app

    args = ["--data", str(case.counts), "--out", str(out_dir), "--today", TODAY]
    if case.prior:
        args += ["--prior", str(case.prior)]
    args += ["--base-url", base_url, "--api-key", "test", "--model", case.id, "--no-cache"]
    result = CliRunner().invoke(draft_report_app(), args)
    if result.exit_code != 0:
        return Verdict(case, error=f"exit {result.exit_code}: {result.output[-300:]}")
    files: dict[str, str | bytes] = {
        name: (out_dir / name).read_bytes()
        if name.endswith(".docx")
        else (out_dir / name).read_text("utf-8")
        for name in OUTPUTS
    }
    return judge(case, output_texts(files))
