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
        ("future-year.yaml", 1, "错误 E-16 报告年度"),
        ("figures-breakdown.yaml", 1, "错误 F-1"),
        ("typo-key.yaml", 2, "typo-key.yaml:5: aplications: 未知的键 'aplications'"),
        ("negative.yaml", 2, "negative.yaml:6: applications.new[1]（商业企业）: 不能为负数"),
        ("string-cell.yaml", 2, "string-cell.yaml:6: applications.new[1]（商业企业）: 应为整数"),
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
    check = runner.invoke(app, ["check", str(out), *TODAY])
    assert check.exit_code == 0, check.output
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
