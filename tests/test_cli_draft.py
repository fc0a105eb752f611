from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nianbao.cli import app
from nianbao.narrative import narrative_from_markdown
from tests.recordings import recorded
from tests.stubserver import Reply, StubServer, answer, part_of

ROOT = Path(__file__).resolve().parent.parent

runner = CliRunner()
TODAY = ["--today", "2026-11-28"]


def _good(body: dict[str, Any], n: int) -> Reply:
    return answer(body, recorded("guguantun", part_of(body)))


def test_offline_draft_writes_the_report(seed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["draft", "--data", str(seed), "--out", str(out), "--offline", *TODAY]
    )
    assert result.exit_code == 0, result.output
    assert "一、总体情况：内置写作器 / writer — 内置写作器：离线模式 / offline" in result.stdout
    # 有关数据统计说明 is left to the preamble (the period is stated once): not a warning
    assert "核验 / verification: 错误 0 · 警告 0" in result.stdout
    assert "V-7" not in result.stdout
    written = ", ".join(
        str(out / n)
        for n in ("report.docx", "report.html", "report.md", "review.html", "draft.json")
    )
    assert f"已写入 / wrote {written}" in result.stdout
    assert (out / "report.docx").stat().st_size > 10_000
    assert "<table" in (out / "report.html").read_text("utf-8")
    review = (out / "review.html").read_text("utf-8")
    assert 'id="findings-count"' in review and 'class="fig st-verified"' in review
    md = (out / "report.md").read_text("utf-8")
    assert md.startswith("# 聊城高新技术产业开发区顾官屯镇人民政府2024年政府信息公开工作年度报告")
    assert [p.part for p in narrative_from_markdown(md).parts.values()] == [
        "overview",
        "problems",
        "other",
    ]
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert [h[3:5] for h in headings] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    payload = json.loads((out / "draft.json").read_text("utf-8"))
    figures = [
        f
        for p in payload["narrative"]["parts"].values()
        for s in p["sections"]
        for para in s["paragraphs"]
        for f in para["figures"]
    ]
    assert {"t3.new.total", "figures.active_total"} <= {f["fact"] for f in figures}


def test_no_endpoint_means_the_writer(seed: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["draft", "--data", str(seed), "--out", str(tmp_path), *TODAY])
    assert result.exit_code == 0, result.output
    assert "未配置模型服务 / no model endpoint configured" in result.stdout


def test_refuses_data_with_errors(tmp_path: Path) -> None:
    out = tmp_path / "out"
    bad = ROOT / "examples" / "wrong" / "t3-balance.yaml"
    result = runner.invoke(app, ["draft", "--data", str(bad), "--out", str(out), *TODAY])
    assert result.exit_code == 1
    assert "数据有2处错误，未起草" in result.stderr
    assert "错误 T3-1 表三 勾稽关系 × 自然人（t3-balance.yaml 第6、9行）" in result.stderr
    assert not out.exists()


def test_bad_input_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["draft", "--data", str(tmp_path / "none.yaml"), *TODAY])
    assert result.exit_code == 2
    assert "文件不存在" in result.stderr


def test_bad_method_exits_2(seed: Path) -> None:
    result = runner.invoke(app, ["draft", "--data", str(seed), "--method", "xml", *TODAY])
    assert result.exit_code == 2


def test_model_draft_then_cached_then_log(seed: Path, tmp_path: Path) -> None:
    with StubServer(_good) as stub:
        args = [
            "draft",
            "--data",
            str(seed),
            "--out",
            str(tmp_path),
            "--base-url",
            stub.url,
            "--model",
            "stub-model",
            "--api-key",
            "sk-cli-secret-000111222",
            *TODAY,
        ]
        first = runner.invoke(app, args)
        second = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "一、总体情况：模型 / model — 模型起草，核验通过" in first.stdout
    assert "模型调用 3 次，缓存 0 次" in first.stdout
    assert "模型调用 0 次，缓存 3 次" in second.stdout
    assert len(stub.requests) == 3
    assert "sk-cli-secret" not in first.output + second.output
    log = runner.invoke(app, ["log", "-n", "6"])
    assert log.exit_code == 0
    lines = [line for line in log.stdout.splitlines() if line.startswith("#")]
    assert len(lines) == 6
    assert "缓存 cached → verified (cached)" in lines[0]
    assert "stub-model [json_schema] 900+400 tok" in lines[-1] and "→ verified" in lines[-1]
    as_json = runner.invoke(app, ["log", "--json", "-n", "1"])
    assert json.loads(as_json.stdout)[0]["cached"] is True


def test_environment_settings(seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with StubServer(_good) as stub:
        monkeypatch.setenv("OPENAI_BASE_URL", stub.url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-env-secret-999888777")
        monkeypatch.setenv("NIANBAO_MODEL", "env-model")
        result = runner.invoke(app, ["draft", "--data", str(seed), "--out", str(tmp_path), *TODAY])
    assert result.exit_code == 0, result.output
    assert stub.requests[0]["model"] == "env-model"
    assert stub.headers[0]["authorization"] == "Bearer sk-env-secret-999888777"


def test_log_when_empty() -> None:
    result = runner.invoke(app, ["log"])
    assert result.exit_code == 0
    assert "还没有模型调用记录" in result.stdout


def test_draft_report_script_help() -> None:
    import typer

    from nianbao.cli.draft import draft

    standalone = typer.Typer()
    standalone.command()(draft)
    result = runner.invoke(standalone, ["--help"])
    assert result.exit_code == 0
    assert "--data" in result.stdout and "--offline" in result.stdout


def test_offline_draft_lists_the_markers(tmp_path: Path) -> None:
    counts = tmp_path / "counts.yaml"
    counts.write_text(
        "organ: 示例县人民政府\nyear: 2024\napplications:\n  new: [1, 0, 0, 0, 0, 0]\n"
        "  granted: [1, 0, 0, 0, 0, 0]\n"
        "active:\n  licensing: 0\nreview_litigation: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["draft", "--data", str(counts), "--out", str(out), "--offline", *TODAY]
    )
    assert result.exit_code == 0, result.output
    assert "待补充 " in result.stdout and "请据实填写后再发布" in result.stdout
    assert "一、总体情况 — 政府信息管理情况: 【待补充：政府信息管理的具体做法" in result.stdout
    assert (
        "六、其他需要报告的事项 — 收取信息处理费情况: 【待补充：是否收取信息处理费" in result.stdout
    )
    for name in ("report.md", "report.html"):
        text = (out / name).read_text("utf-8")
        assert "【待补充：工作考核、社会评议和责任追究结果情况" in text
        assert "未收取信息处理费" not in text and "未开展责任追究" not in text
    assert "【待补充：" in (out / "review.html").read_text("utf-8")
    from docx import Document

    body = "\n".join(p.text for p in Document(str(out / "report.docx")).paragraphs)
    assert "【待补充：监督保障情况" in body
    # render warns while markers remain
    again = runner.invoke(
        app, ["render", str(counts), "--narrative", str(out / "report.md"), "--out", str(out)]
    )
    assert again.exit_code == 0, again.output
    assert "【待补充】标记" in again.stderr and "这是草稿" in again.stderr


def test_offline_draft_does_not_import_langchain(seed: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from typer.testing import CliRunner; from nianbao.cli import app; "
        f"r = CliRunner().invoke(app, ['draft', '--data', {str(seed)!r}, '--out', {str(tmp_path)!r}, '--offline']); "
        "heavy = [m for m in ('langchain_core', 'langchain_openai', 'openai') if m in sys.modules]; "
        "print(r.exit_code, heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0 []"


def test_data_home_default(monkeypatch: pytest.MonkeyPatch) -> None:
    from nianbao.draft.log import data_home

    monkeypatch.delenv("NIANBAO_HOME")
    assert data_home().name == "nianbao"


def test_bad_prompts_folder_exits_2(seed: Path, tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "system.yaml").write_text("kind: system\ntemplate: $nope\n", "utf-8")
    result = runner.invoke(
        app, ["draft", "--data", str(seed), "--offline", "--prompts", str(tmp_path / "p"), *TODAY]
    )
    assert result.exit_code == 2
    assert "system.yaml" in result.stderr and "$nope" in result.stderr


def test_prior_may_be_last_years_published_report(
    bureau: Path, bureau_prior: Path, tmp_path: Path
) -> None:
    from nianbao.load import load_counts
    from nianbao.render import write_report

    fixture = Path(__file__).parent / "fixtures" / "narrative-qingshi-bureau-2024.md"
    last = narrative_from_markdown(fixture.read_text("utf-8"))
    (md,) = write_report(load_counts(bureau_prior), last, tmp_path / "2023", ("md",))
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "draft",
            "--data",
            str(bureau),
            "--prior",
            str(md),
            "--out",
            str(out),
            "--offline",
            *TODAY,
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads((out / "draft.json").read_text("utf-8"))
    facts = {
        f["fact"]
        for p in payload["narrative"]["parts"].values()
        for s in p["sections"]
        for para in s["paragraphs"]
        for f in para["figures"]
        if f["fact"]
    }
    assert any(k.startswith(("change.", "pct.")) for k in facts)  # year on year from the report
