from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from nianbao.cli import app

ROOT = Path(__file__).resolve().parent.parent
WRONG = ROOT / "examples" / "wrong"
runner = CliRunner()
TODAY = ["--today", "2026-11-28"]


def test_check_seed_exits_0(seed: Path) -> None:
    result = runner.invoke(app, ["check", str(seed), *TODAY])
    assert result.exit_code == 0, result.output
    assert "未发现问题" in result.stdout
    assert "顾官屯镇" in result.stdout


def test_check_with_prior(bureau: Path, bureau_prior: Path) -> None:
    result = runner.invoke(app, ["check", str(bureau), "--prior", str(bureau_prior), *TODAY])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("name", "code", "expected"),
    [
        ("t3-balance.yaml", 1, "错误 T3-1 表三 勾稽关系 × 自然人"),
        ("t3-row-total.yaml", 1, "错误 T3-3 表三 一、本年新收政府信息公开申请数量 × 总计"),
        ("t3-total-row.yaml", 1, "错误 T3-2 表三 三、（七）总计 × 商业企业"),
        ("t4-total.yaml", 1, "错误 T4-1 表四 行政复议 × 总计"),
        ("blank-cells.yaml", 1, "错误 E-5 表三 三、（一）予以公开 × 总计"),
        ("old-layout.yaml", 1, "错误 E-2 表三 三、（六）其他处理"),
        (
            "unfilled.yaml",
            1,
            "错误 E-7B 表三 三、收到和处理政府信息公开申请情况（unfilled.yaml 第7行）: 表三尚未填写",
        ),
        ("future-year.yaml", 1, "错误 E-16 报告年度"),
        ("figures-breakdown.yaml", 1, "错误 F-1"),
        ("typo-key.yaml", 2, "typo-key.yaml:5: aplications: 未知的键 'aplications'"),
        ("negative.yaml", 2, "negative.yaml:6: applications.new 第2个数（商业企业）: 不能为负数"),
        (
            "string-cell.yaml",
            2,
            "string-cell.yaml:6: applications.new 第2个数（商业企业）: 应为整数",
        ),
        ("broken.yaml", 2, "broken.yaml:7: YAML 格式错误"),
    ],
)
def test_wrong_examples(name: str, code: int, expected: str) -> None:
    result = runner.invoke(app, ["check", str(WRONG / name), *TODAY])
    assert result.exit_code == code, result.output
    assert expected in result.stdout
    assert "Traceback" not in result.output


def test_cross_year_example(bureau_prior: Path) -> None:
    result = runner.invoke(
        app, ["check", str(WRONG / "cross-year.yaml"), "--prior", str(bureau_prior), *TODAY]
    )
    assert result.exit_code == 1
    assert "错误 X-1 表三 二、上年结转政府信息公开申请数量 × 自然人" in result.stdout
    assert "警告 X-2" in result.stdout


def test_json_format(seed: Path) -> None:
    result = runner.invoke(
        app, ["check", str(seed), str(WRONG / "t4-total.yaml"), "--format", "json", *TODAY]
    )
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    reports = payload["reports"]
    assert [r["path"] for r in reports] == [str(seed), str(WRONG / "t4-total.yaml")]
    assert reports[0]["findings"] == []
    (f,) = reports[1]["findings"]
    assert {"rule", "severity", "location", "message"} <= set(f)
    assert f["rule"] == "T4-1" and f["severity"] == "error"


def test_unreadable_file_does_not_stop_the_rest(seed: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["check", str(tmp_path / "missing.yaml"), str(seed), "--format", "json", *TODAY]
    )
    assert result.exit_code == 2
    reports = json.loads(result.stdout)["reports"]
    assert "不存在" in reports[0]["error"]
    assert reports[1]["findings"] == []


def test_directory_is_expanded(tmp_path: Path, seed: Path) -> None:
    (tmp_path / "a.yaml").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes.txt.bak").write_text("x")
    result = runner.invoke(app, ["check", str(tmp_path), "--format", "json", *TODAY])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["reports"]) == 1


def test_bad_prior_exits_2(seed: Path) -> None:
    result = runner.invoke(app, ["check", str(seed), "--prior", str(WRONG / "broken.yaml")])
    assert result.exit_code == 2
    assert "broken.yaml:7" in result.stderr


def test_init_writes_a_valid_file(tmp_path: Path) -> None:
    out = tmp_path / "counts.yaml"
    result = runner.invoke(app, ["init", "--organ", "某县某局", "--year", "2025", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "# 一、本年新收政府信息公开申请数量" in text
    assert "（三）不予公开" in text
    assert "new: [null, null, null, null, null, null]" in text  # blank, not 0: fill it in
    check = runner.invoke(app, ["check", str(out), *TODAY])
    assert check.exit_code == 1, check.output  # an untouched file is not a year of zeros
    assert "错误 E-7B 表三 三、收到和处理政府信息公开申请情况（counts.yaml 第" in check.stdout
    assert "行）: 表三尚未填写" in check.stdout
    again = runner.invoke(app, ["init", "--organ", "某县某局", "--year", "2025", "-o", str(out)])
    assert again.exit_code == 1
    assert "--force" in again.stderr


def test_init_with_prior_prefills_carry_over(tmp_path: Path, bureau_prior: Path) -> None:
    out = tmp_path / "counts.yaml"
    result = runner.invoke(
        app,
        [
            "init",
            "--organ",
            "青石县自然资源局",
            "--year",
            "2024",
            "--prior",
            str(bureau_prior),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["applications"]["carried_over"] == [7, 2, 0, 0, 1, 0, 10]
    assert data["active"]["normative_documents"]["in_force"] == 31
    assert data["notes"]["prior_problems"][0]["problem"].startswith("不动产登记")
    assert data["notes"]["prior_problems"][0]["rectification"] == ""
    assert data["notes"]["problems"] == []
    check = runner.invoke(app, ["check", str(out), "--prior", str(bureau_prior), *TODAY])
    assert check.exit_code == 1  # carried over but nothing handled: the balance is off
    assert "X-1" not in check.stdout


def test_schema_has_chinese_titles() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["properties"]["organ"]["title"] == "机关全称"
    apps = schema["$defs"]["Applications"]["properties"]
    assert apps["new"]["title"] == "一、本年新收政府信息公开申请数量"
    assert "（三）不予公开" in apps["denied_third_party"]["title"]


@pytest.mark.parametrize(
    "command", ["check", "init", "schema", "draft", "log", "render", "extract", "tally", "convert"]
)
def test_every_command_has_bilingual_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "/" in result.stdout
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.stdout)


def test_check_does_not_import_heavy_libraries(seed: Path) -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from nianbao.cli import app; "
        f"r = CliRunner().invoke(app, ['check', {str(seed)!r}]); "
        "heavy = [m for m in ('langchain_core', 'langchain_openai', 'openai', 'docx', "
        "'pdfplumber', 'openpyxl', 'lxml') if m in sys.modules]; "
        "print(r.exit_code, heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0 []"


# --- terminal output (issue 15, item 10) --------------------------------------------------------


def test_findings_on_a_counts_file_name_the_yaml_lines() -> None:
    result = runner.invoke(app, ["check", str(WRONG / "t3-balance.yaml"), *TODAY])
    assert result.exit_code == 1
    # new (line 6) and carried_forward (line 9); the rows the file leaves out have no line
    assert "错误 T3-1 表三 勾稽关系 × 自然人（t3-balance.yaml 第6、9行）: " in result.stdout
    unfilled = runner.invoke(app, ["check", str(WRONG / "unfilled.yaml"), *TODAY])
    assert "表三 三、收到和处理政府信息公开申请情况（unfilled.yaml 第7行）: 表三尚未填写" in (
        unfilled.stdout
    )
    # table 四 in its flat form: the line of the first number
    assert "表四 四、政府信息公开行政复议、行政诉讼情况（unfilled.yaml 第8行）" in unfilled.stdout
    blank = runner.invoke(app, ["check", str(WRONG / "blank-cells.yaml"), *TODAY])
    assert (
        "表三 三、（一）予以公开 × 总计（blank-cells.yaml 第10行）: 总计列不能空白" in blank.stdout
    )


def test_findings_on_a_workbook_name_sheet_and_cell(tmp_path: Path) -> None:
    book = tmp_path / "t3.xlsx"
    made = runner.invoke(app, ["convert", str(WRONG / "t3-balance.yaml"), str(book)])
    assert made.exit_code == 0, made.output
    result = runner.invoke(app, ["check", str(book), *TODAY])
    assert result.exit_code == 1
    assert "错误 T3-1 表三 勾稽关系 × 自然人（表三!D5、D6、D28、D29）: " in result.stdout
    payload = runner.invoke(app, ["check", str(book), "--format", "json", *TODAY])
    (f, _) = json.loads(payload.stdout)["reports"][0]["findings"]
    assert f["places"] == ["表三!D5", "表三!D6", "表三!D28", "表三!D29"]


def test_json_findings_carry_their_places() -> None:
    result = runner.invoke(app, ["check", str(WRONG / "t4-total.yaml"), "--format", "json", *TODAY])
    (f,) = json.loads(result.stdout)["reports"][0]["findings"]
    assert f["places"] == ["t4-total.yaml:6"]


def test_a_folder_check_ends_with_a_total_line(tmp_path: Path, seed: Path) -> None:
    for name in ("t3-balance.yaml", "unfilled.yaml"):
        (tmp_path / name).write_text((WRONG / name).read_text("utf-8"), encoding="utf-8")
    (tmp_path / "seed.yaml").write_text(seed.read_text("utf-8"), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("organ: [\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path), *TODAY])
    assert result.exit_code == 2
    last = result.stdout.strip().splitlines()[-1]
    assert last == (
        "合计 4 个文件：有错误 2 个，无法读取 1 个，未发现问题 1 个；错误 3 · 警告 1 · 提示 0 / "
        "total 4 files: 2 with errors, 1 unreadable, 1 clean; 3 errors, 1 warnings, 0 info"
    )
    one = runner.invoke(app, ["check", str(seed), *TODAY])
    assert "合计" not in one.stdout  # one file: its own head line says it all


def test_broken_yaml_leads_in_chinese_on_the_terminal() -> None:
    result = runner.invoke(app, ["check", str(WRONG / "broken.yaml"), *TODAY])
    assert result.exit_code == 2
    assert (
        "broken.yaml:7: YAML 格式错误：列表 [ … ] 没有闭合，或两个数之间缺少逗号（自第6行起） / "
        "YAML syntax error: "
    ) in result.stdout


COMMANDS = ["check", "draft", "extract", "init", "convert", "schema", "log", "render", "review"]


def _cells(line: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


@pytest.mark.parametrize("command", [[], *([c] for c in [*COMMANDS, "tally"])])
def test_help_is_readable_at_80_columns(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(_cells(line) for line in lines) <= 80, "\n".join(lines)
    assert "…" not in result.stdout  # nothing cropped (a long Chinese run used to be)


def test_help_paragraphs_flow_at_80_columns() -> None:
    result = runner.invoke(app, ["check", "--help"], env={"COLUMNS": "80"})
    text = result.stdout
    # the docstring's own line break after "年度、" no longer leaves "度、" on a line of its own
    assert "度、行名、必备内容" in text
    flat = "".join(text.replace("│", " ").split())
    assert "上年的数据文件或上年的年报：跨年度核对与文字重复度" in flat  # folded, not cropped
    assert "reports also the parts, numbering" in text  # English lines joined too


def test_a_report_without_table_three_never_becomes_a_year_without_applications(
    tmp_path: Path,
) -> None:
    """Issue 13: an empty table 三 read from a published report loaded as zeros, passed `check`
    and let `draft-report` write "未收到政府信息公开申请"."""
    report = (ROOT / "tests/golden/guguantun-2024/report.md").read_text(encoding="utf-8")
    kept, part = [], ""
    for line in report.splitlines():
        part = line[3] if line.startswith("## ") else part
        if not (part == "三" and line.startswith("|")):
            kept.append(line)
    published = tmp_path / "report.md"
    published.write_text("\n".join(kept), encoding="utf-8")
    checked = runner.invoke(app, ["check", str(published), *TODAY])
    assert "警告 E-7B 表三 三、收到和处理政府信息公开申请情况: 表三未能读出" in checked.stdout
    counts = tmp_path / "counts.yaml"
    extracted = runner.invoke(app, ["extract", str(published), "-o", str(counts)])
    assert extracted.exit_code == 0, extracted.output
    result = runner.invoke(app, ["check", str(counts), *TODAY])
    assert result.exit_code == 1
    assert "错误 E-7B 表三 三、收到和处理政府信息公开申请情况（counts.yaml 第" in result.stdout
    out = tmp_path / "out"
    drafted = runner.invoke(app, ["draft", "--data", str(counts), "--out", str(out), *TODAY])
    # refused either as unfilled (E-7B) or, first, as cells nobody has confirmed (issue 13)
    assert drafted.exit_code in (1, 2)
    assert "表三尚未填写" in drafted.stderr or "未能确定" in drafted.stderr
    assert "未起草" in drafted.stderr
    assert not out.exists()
