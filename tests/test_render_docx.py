"""The Word file read back with python-docx: page setup, headings, fonts, table cells and merges."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from nianbao import format as fmt
from nianbao.load import load_counts
from nianbao.narrative import narrative_from_markdown
from nianbao.render.docx import FONTS, STYLES, render_docx
from nianbao.report import assemble

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _document(counts: str, narrative: str | None = None) -> Any:
    n = None
    if narrative:
        n = narrative_from_markdown((ROOT / narrative).read_text(encoding="utf-8"))
    return docx.Document(io.BytesIO(render_docx(assemble(load_counts(ROOT / counts), n))))


@pytest.fixture(scope="module")
def seed_doc() -> Any:
    return _document(
        "examples/guguantun-2024/counts.yaml", "tests/fixtures/narrative-guguantun-2024.md"
    )


@pytest.fixture(scope="module")
def trial_doc() -> Any:
    return _document("tests/fixtures/trial-2020.yaml", "tests/fixtures/narrative-trial-2020.md")


def _east_asia(style: Any) -> str | None:
    rfonts = style.element.rPr.find(qn("w:rFonts"))
    return None if rfonts is None else rfonts.get(qn("w:eastAsia"))


def test_page_setup_is_a4_with_gongwen_margins(seed_doc: Any) -> None:
    s = seed_doc.sections[0]
    mm = [round(x.mm) for x in (s.page_width, s.page_height)]
    assert mm == [210, 297]
    margins = [round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)]
    assert margins == [37, 35, 28, 26]


def test_page_numbers_in_odd_and_even_footers(seed_doc: Any) -> None:
    assert seed_doc.settings.odd_and_even_pages_header_footer
    s = seed_doc.sections[0]
    for footer in (s.footer, s.even_page_footer):
        xml = footer.paragraphs[0]._p.xml
        assert "PAGE" in xml and "fldChar" in xml
        assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(
            " —"
        )


def test_title_and_headings_with_their_styles(seed_doc: Any) -> None:
    paras = [(p.style.name, p.text) for p in seed_doc.paragraphs if p.text]
    assert paras[0] == (
        STYLES["title"],
        # one paragraph, a line break after the organ's name
        "聊城高新技术产业开发区顾官屯镇人民政府\n2024年政府信息公开工作年度报告",
    )
    h1 = [t for s, t in paras if s == STYLES["heading1"]]
    assert h1 == [p.heading for p in fmt.PARTS]
    h2 = [t for s, t in paras if s == STYLES["heading2"]]
    assert h2[:5] == [
        "（一）主动公开",
        "（二）依申请公开",
        "（三）政府信息管理",
        "（四）政府信息公开平台建设",
        "（五）监督保障",
    ]
    assert h2[5:] == [
        "（一）存在的主要问题",
        "（二）改进情况",
        "（一）收取信息处理费情况",
        "（二）有关数据统计说明",
    ]
    assert ("Normal", "1.部分信息发布不够及时。2.公开形式较为单一。") in paras


def test_fonts_are_set_for_east_asian_text(seed_doc: Any) -> None:
    styles = seed_doc.styles
    want = {
        "title": (FONTS["title"], 22),
        "body": (FONTS["body"], 16),
        "heading1": (FONTS["heading1"], 16),
        "heading2": (FONTS["heading2"], 16),
        "heading3": (FONTS["body"], 16),
        "heading4": (FONTS["body"], 16),
        "table": (FONTS["table"], 10),
    }
    assert FONTS["title"] == "方正小标宋简体" and FONTS["body"] == "仿宋_GB2312"
    assert FONTS["heading1"] == "黑体" and FONTS["heading2"] == "楷体_GB2312"
    for key, (font, size) in want.items():
        style = styles[STYLES[key]]
        assert _east_asia(style) == font, key
        assert style.font.name == font, key
        assert style.font.size == Pt(size), key
        rfonts = style.element.rPr.find(qn("w:rFonts"))
        assert not [a for a in rfonts.attrib if a.endswith("Theme")], key
    assert styles[STYLES["heading3"]].font.bold
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == FONTS["body"]
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_headings_have_outline_levels(seed_doc: Any) -> None:
    for level in (1, 2, 3, 4):
        ppr = seed_doc.styles[STYLES[f"heading{level}"]].element.pPr
        assert ppr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)


def _cell(table: Any, r: int, c: int) -> Any:
    return table.rows[r].cells[c]


def _span(cell: Any) -> tuple[int, str | None]:
    tcpr = cell._tc.tcPr
    vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
    return cell._tc.grid_span, (None if vmerge is None else (vmerge.get(qn("w:val")) or "continue"))


def test_table2_blocks_with_caption_rows(seed_doc: Any) -> None:
    t = seed_doc.tables[0]
    assert len(t.columns) == 4
    texts = [[c.text for c in row.cells] for row in t.rows]
    assert texts[0] == ["第二十条第（一）项"] * 4 and _span(_cell(t, 0, 0))[0] == 4
    assert texts[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert texts[2] == ["规章", "0", "0", "0"]
    assert texts[5] == ["信息内容"] + ["本年处理决定数量"] * 3
    assert texts[6] == ["行政许可"] + ["0"] * 3 and _span(_cell(t, 6, 1))[0] == 3
    assert texts[12] == ["信息内容"] + ["本年收费金额（单位：万元）"] * 3
    assert [row[0] for row in texts if len(set(row)) == 1] == [
        b.caption for b in fmt.ACTIVE_BLOCKS_2021
    ]


def test_table3_header_and_merges(seed_doc: Any) -> None:
    t = seed_doc.tables[1]
    assert len(t.columns) == 10 and len(t.rows) == 3 + 25
    note = _cell(t, 0, 0)
    assert note.text == fmt.TABLE3_BALANCE_NOTE
    assert _span(note) == (3, "restart")
    assert _span(t.rows[1].cells[0]) == (3, "restart")  # python-docx gives the top cell back
    assert t.rows[1]._tr.tc_lst[0].tcPr.find(qn("w:vMerge")).get(qn("w:val")) is None  # continue
    assert (_cell(t, 0, 3).text, _span(_cell(t, 0, 3))) == ("申请人情况", (7, None))
    assert (_cell(t, 1, 3).text, _span(_cell(t, 1, 3))) == ("自然人", (1, "restart"))
    assert (_cell(t, 1, 4).text, _span(_cell(t, 1, 4))) == ("法人或其他组织", (5, None))
    assert [c.text for c in t.rows[2].cells[4:9]] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert (_cell(t, 1, 9).text, _span(_cell(t, 1, 9))) == ("总计", (1, "restart"))
    for r in range(3):
        assert t.rows[r]._tr.trPr.find(qn("w:tblHeader")) is not None
    results = _cell(t, 5, 0)
    assert results.text == "三、本年度办理结果" and _span(results) == (1, "restart")
    assert all(_cell(t, r, 0)._tc is results._tc for r in range(5, 27))
    assert _cell(t, 27, 0).text == "四、结转下年度继续办理"
    denied = _cell(t, 7, 1)
    assert denied.text == "（三）不予公开" and all(
        _cell(t, r, 1)._tc is denied._tc for r in range(7, 15)
    )
    assert _cell(t, 15, 1).text == "（四）无法提供"
    assert [c.text for c in t.rows[3].cells] == ["一、本年新收政府信息公开申请数量"] * 3 + [
        "4",
        "2",
        "0",
        "0",
        "0",
        "0",
        "6",
    ]
    assert [c.text for c in t.rows[5].cells[1:]] == ["（一）予以公开"] * 2 + [
        "2",
        "0",
        "0",
        "0",
        "0",
        "0",
        "2",
    ]
    assert [c.text for c in t.rows[26].cells[1:]] == ["（七）总计"] * 2 + [
        "4",
        "2",
        "0",
        "0",
        "0",
        "0",
        "6",
    ]


def test_table4_two_level_header(seed_doc: Any) -> None:
    t = seed_doc.tables[2]
    assert len(t.columns) == 15 and len(t.rows) == 4
    assert (_cell(t, 0, 0).text, _span(_cell(t, 0, 0))) == ("行政复议", (5, None))
    assert (_cell(t, 0, 5).text, _span(_cell(t, 0, 5))) == ("行政诉讼", (10, None))
    assert (_cell(t, 1, 0).text, _span(_cell(t, 1, 0))) == ("结果维持", (1, "restart"))
    assert (_cell(t, 1, 5).text, _span(_cell(t, 1, 5))) == ("未经复议直接起诉", (5, None))
    assert (_cell(t, 1, 10).text, _span(_cell(t, 1, 10))) == ("复议后起诉", (5, None))
    assert [c.text for c in t.rows[2].cells[5:10]] == [c.label for c in fmt.REVIEW_COLUMNS]
    assert [c.text for c in t.rows[3].cells] == ["0"] * 15  # zeros are written, never blank


def test_trial_layout_tables(trial_doc: Any) -> None:
    t2, t3, _ = trial_doc.tables
    assert len(t2.columns) == 7  # 1 label column + 6 (blocks of 3 and 2 columns share the grid)
    texts = [[c.text for c in row.cells] for row in t2.rows]
    assert texts[1] == ["信息内容"] + [
        x for x in ("本年新制作数量", "本年新公开数量", "对外公开总数量") for _ in (1, 2)
    ]
    assert ["行政强制", "2", "2", "0", "0", "", ""] in texts  # the blank cell stays blank
    assert texts[-1] == ["政府集中采购", "4", "4", "4", "251000", "251000", "251000"]
    assert len(t3.rows) == 3 + 23
    other = [r for r in t3.rows if r.cells[1].text == "（六）其他处理"]
    assert len(other) == 1 and [c.text for c in other[0].cells[3:]] == [
        "2",
        "0",
        "0",
        "0",
        "0",
        "0",
        "",
    ]


def test_escaped_text_is_plain_in_word(trial_doc: Any) -> None:
    assert any("<b>标记</b>与 & 符号" in p.text for p in trial_doc.paragraphs)
    assert [p.text for p in trial_doc.paragraphs if p.style.name == STYLES["signature"]] == [
        "示例市示例区人民政府办公室",
        "2021年1月29日",
    ]


def test_only_the_docx_renderer_imports_python_docx() -> None:
    src = ROOT / "src" / "nianbao"
    importers = sorted(
        str(p.relative_to(src))
        for p in src.rglob("*.py")
        if any(
            line.startswith(("import docx", "from docx"))
            or line.strip().startswith(("import docx", "from docx"))
            for line in p.read_text(encoding="utf-8").splitlines()
        )
    )
    assert importers == ["extract/docx.py", "render/docx.py"]  # the reader and the writer


# --- publishable as it comes (issue 15) ---------------------------------------------------------


def _package(doc: Any) -> dict[str, str]:
    buffer = io.BytesIO()
    doc.save(buffer)
    import zipfile

    with zipfile.ZipFile(buffer) as z:
        return {n: z.read(n).decode("utf-8", "replace") for n in z.namelist()}


def test_title_breaks_after_the_organ(seed_doc: Any) -> None:
    title = seed_doc.paragraphs[0]._p
    runs = ["".join(t.text for t in r.iter(f"{W}t")) for r in title.iter(f"{W}r")]
    assert "聊城高新技术产业开发区顾官屯镇人民政府" in runs
    assert "2024年政府信息公开工作年度报告" in runs
    assert len(title.findall(f".//{W}br")) == 1


def test_signature_has_a_date_line_centred_under_the_organ(seed_doc: Any, trial_doc: Any) -> None:
    # the seed gives no publication date: a marker the clerk must fill
    sig = [p for p in seed_doc.paragraphs if p.style.name == STYLES["signature"]]
    assert [p.text for p in sig] == [
        "聊城高新技术产业开发区顾官屯镇人民政府",
        "【待补充：成文日期】",
    ]
    sig = [p for p in trial_doc.paragraphs if p.style.name == STYLES["signature"]]
    right = [int(p._p.pPr.find(f"{W}ind").get(f"{W}rightChars")) for p in sig]
    assert right[1] == 400  # the date four characters in from the right margin
    # the organ's name (13 characters) is wider than 2021年1月29日 (3 + 7 half-width digits = 6.5):
    # it moves left by half the difference, so that both share one centre
    assert right[0] == 400 - round((13 - 6.5) / 2 * 100)


def test_drafting_date_under_the_signature() -> None:
    from datetime import date

    data = load_counts(ROOT / "examples/guguantun-2024/counts.yaml")
    doc = docx.Document(io.BytesIO(render_docx(assemble(data, None, drafted=date(2025, 1, 20)))))
    sig = [p.text for p in doc.paragraphs if p.style.name == STYLES["signature"]]
    assert sig == ["聊城高新技术产业开发区顾官屯镇人民政府", "2025年1月20日"]


def test_fonts_declared_with_windows_fallbacks(seed_doc: Any) -> None:
    files = _package(seed_doc)
    fonts = files["word/fontTable.xml"]
    for name, alt in (
        ("仿宋_GB2312", "仿宋"),
        ("楷体_GB2312", "楷体"),
        ("方正小标宋简体", "宋体"),
    ):
        assert f'<w:font w:name="{name}"><w:altName w:val="{alt}"/>' in fonts, name
    assert '<w:font w:name="黑体">' in fonts and '<w:font w:name="宋体">' in fonts
    for japanese in ("ＭＳ 明朝", "ＭＳ ゴシック", "MS Mincho"):
        assert japanese not in fonts
    theme = files["word/theme/theme1.xml"]
    assert '<a:ea typeface="仿宋_GB2312"/>' in theme and '<a:ea typeface="黑体"/>' in theme
    assert 'script="Jpan"' not in theme and "ＭＳ" not in theme


def test_properties_say_now_and_nianbao(seed_doc: Any) -> None:
    from datetime import UTC, datetime, timedelta

    props = seed_doc.core_properties
    for when in (props.created, props.modified):
        assert abs(datetime.now(UTC) - when.replace(tzinfo=UTC)) < timedelta(days=1), when
    files = _package(seed_doc)
    assert "<Application>nianbao</Application>" in files["docProps/app.xml"]
    assert "Macintosh" not in files["docProps/app.xml"]
    assert "python-docx" not in files["docProps/core.xml"]
    assert "docProps/thumbnail.jpeg" not in files
    assert (
        'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"'
        in (files["word/settings.xml"])
    )


def _shading(cell: Any) -> str | None:
    shd = cell._tc.tcPr.find(f"{W}shd")
    return None if shd is None else shd.get(f"{W}fill")


def _align(cell: Any) -> str:
    jc = cell.paragraphs[0]._p.pPr.find(f"{W}jc")
    return "center" if jc is None else jc.get(f"{W}val")


def test_table2_as_the_template(seed_doc: Any) -> None:
    t = seed_doc.tables[0]
    caption, header, rule = t.rows[0].cells[0], t.rows[1].cells[0], t.rows[2].cells[0]
    assert caption.text == "第二十条第（一）项"
    assert _shading(caption) == "C6D9F1" and _align(caption) == "left"
    assert _shading(header) is None and _align(header) == "center"
    assert rule.text == "规章" and _align(rule) == "center"
    assert not any(r.bold for r in caption.paragraphs[0].runs)


def _height(row: Any) -> int:
    return int(row._tr.trPr.find(f"{W}trHeight").get(f"{W}val"))


def test_table4_figures_row_is_not_cramped(seed_doc: Any) -> None:
    t = seed_doc.tables[2]
    assert _height(t.rows[3]) >= 2 * _height(t.rows[0]) - 20  # 1.19 cm as in the template


def test_table3_results_block_kept_together(seed_doc: Any) -> None:
    t = seed_doc.tables[1]
    rows = t.rows
    for r in range(len(rows)):
        assert rows[r]._tr.trPr.find(f"{W}cantSplit") is not None
    kept = [
        r
        for r in range(len(rows))
        if rows[r]._tr.tc_lst[-1].find(f"{W}p").pPr.find(f"{W}keepNext") is not None
    ]
    # 三、本年度办理结果 spans rows 5..26: each but the last is kept with the next
    assert kept == list(range(5, 26))


def test_readme_shows_the_outputs() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for image in ("report-docx-page1.png", "review-desktop.png", "review-phone.png"):
        assert f"docs/{image}" in readme
        path = ROOT / "docs" / image
        assert (
            path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and 10_000 < path.stat().st_size < 400_000
        )


def test_draft_report_dates_the_signature_with_the_drafting_day(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from nianbao.cli import app

    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "draft",
            "--data",
            str(ROOT / "examples/guguantun-2024/counts.yaml"),
            "--out",
            str(out),
            "--offline",
            "--today",
            "2026-11-28",
        ],
    )
    assert result.exit_code == 0, result.output
    doc = docx.Document(str(out / "report.docx"))
    sig = [p.text for p in doc.paragraphs if p.style.name == STYLES["signature"]]
    assert sig == ["聊城高新技术产业开发区顾官屯镇人民政府", "2026年11月28日"]
    html = (out / "report.html").read_text("utf-8")
    assert ">2026年11月28日</p>" in html and "待补充：成文日期" not in html
    review = (out / "review.html").read_text("utf-8")
    assert ">2026年11月28日</p>" in review and "待补充：成文日期" not in review


def test_a_long_organ_name_breaks_between_its_words() -> None:
    from nianbao.report import Report

    organ = "某某省某某市发展和改革委员会某某市市场监督管理局"
    report = Report(
        title=f"{organ}2024年政府信息公开工作年度报告",
        organ=organ,
        year=2024,
        layout="2021",
        parts=[],
    )
    assert report.title_words() == [
        ["某某省", "某某市", "发展和改革委员会", "某某市", "市场监督管理局"],
        ["2024年", "政府信息公开", "工作年度报告"],
    ]
    # Word's title line holds 20 characters at 二号: the name breaks after a whole word
    assert report.title_lines() == [
        "某某省某某市发展和改革委员会某某市",
        "市场监督管理局",
        "2024年政府信息公开工作年度报告",
    ]
    doc = docx.Document(io.BytesIO(render_docx(report)))
    assert doc.paragraphs[0].text == "\n".join(report.title_lines())
