from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from nianbao import format as fmt
from nianbao.cli import app
from nianbao.errors import DataError
from nianbao.inputs.register import (
    Application,
    apply_tally,
    outcome_names,
    read_register,
    tally,
    tally_register,
)
from nianbao.load import load_counts

DATA = Path(__file__).resolve().parent / "data"
ALL = DATA / "register-all.csv"
runner = CliRunner()

# Table 三 for 2024 of tests/data/register-all.csv, counted by hand row by row (see the 备注
# column): 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
EXPECTED_2024 = {
    "new": [5, 5, 4, 4, 3, 4, 25],
    "carried_over": [1, 1, 1, 0, 0, 0, 3],
    "granted": [2, 0, 0, 0, 0, 1, 3],
    "partially_granted": [0, 1, 0, 0, 0, 0, 1],
    "denied_state_secret": [0, 0, 1, 0, 0, 0, 1],
    "denied_law_prohibits": [0, 0, 1, 0, 0, 0, 1],
    "denied_three_safeties": [0, 1, 0, 1, 0, 0, 2],
    "denied_third_party": [0, 0, 0, 0, 0, 1, 1],
    "denied_internal_affairs": [1, 0, 0, 0, 0, 0, 1],
    "denied_process_info": [0, 1, 0, 0, 0, 0, 1],
    "denied_enforcement_file": [0, 0, 1, 0, 0, 0, 1],
    "denied_inquiry": [0, 0, 0, 1, 0, 0, 1],
    "unable_not_held": [0, 0, 0, 0, 1, 0, 1],
    "unable_needs_creation": [0, 0, 0, 0, 0, 1, 1],
    "unable_unclear": [1, 0, 0, 0, 0, 0, 1],
    "not_processed_petition": [0, 1, 0, 0, 0, 0, 1],
    "not_processed_repeat": [0, 0, 1, 0, 0, 0, 1],
    "not_processed_publication": [0, 0, 0, 1, 0, 0, 1],
    "not_processed_mass_repeat": [0, 0, 0, 0, 1, 0, 1],
    "not_processed_confirm": [0, 0, 0, 0, 0, 1, 1],
    "other_no_correction": [1, 0, 0, 0, 0, 0, 1],
    "other_no_fee": [0, 1, 0, 0, 0, 0, 1],
    "other_other": [1, 0, 1, 0, 0, 0, 2],
    "total": [6, 5, 5, 3, 2, 4, 25],
    "carried_forward": [0, 1, 0, 1, 1, 0, 3],
}


def test_register_with_everything_matches_the_hand_count() -> None:
    result = tally_register(ALL, 2024)
    assert result.rows == EXPECTED_2024
    assert (result.applications, result.counted) == (30, 28)
    assert (result.closed_before, result.received_after) == (1, 1)
    lay = fmt.layout("2021")
    # every outcome and every applicant type occurs
    assert all(sum(result.rows[r.key]) for r in lay.outcome_rows)
    assert all(result.rows["new"][:6]) and all(result.rows["total"][:6])


def test_the_balance_holds_by_construction() -> None:
    rows = tally_register(ALL, 2024).rows
    for c in range(7):
        assert rows["new"][c] + rows["carried_over"][c] == (
            rows["total"][c] + rows["carried_forward"][c]
        )


def test_the_next_year_carries_over_what_this_year_carries_forward() -> None:
    this, following = tally_register(ALL, 2024), tally_register(ALL, 2025)
    assert following.rows["carried_over"] == this.rows["carried_forward"]
    assert following.rows["new"] == [1, 0, 0, 0, 0, 0, 1]  # A07
    # A05 (公益, closed 2025-01-08) is the only one closed in 2025; A02, A06, A07 stay open.
    assert following.rows["granted"] == [0, 0, 0, 1, 0, 0, 1]
    assert following.rows["carried_forward"] == [1, 1, 0, 0, 1, 0, 3]


def test_the_same_register_as_a_workbook_with_date_cells(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "登记表"
    ws.append(["2024年依申请公开登记表"])  # a title row above the header
    with ALL.open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.reader(fh)):
            cells: list[object] = list(row)
            if i > 0:
                for j in (1, 4):
                    text = row[j].replace("年", "-").replace("月", "-").replace("日", "")
                    text = text.replace("/", "-")
                    if text:
                        y, m, d = (int(x) for x in text.split("-"))
                        cells[j] = datetime(y, m, d)
                if row[0] == "A10":
                    cells[0] = 10  # a numeric id cell
            ws.append(cells)
    path = tmp_path / "register.xlsx"
    wb.save(path)
    assert tally_register(path, 2024).rows == EXPECTED_2024


def test_gb18030_and_tab_separated(tmp_path: Path) -> None:
    text = ALL.read_text(encoding="utf-8").replace(",", "\t")
    path = tmp_path / "register.csv"
    path.write_bytes(text.encode("gb18030"))
    assert tally_register(path, 2024).rows == EXPECTED_2024


def test_english_headers(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(
        "id,received,applicant,outcome,closed\n"
        "1,2024-01-02,natural_person,granted,2024-01-03\n"
        "2,2024-01-02,legal_services,,\n",
        encoding="utf-8",
    )
    rows = tally_register(path, 2024).rows
    assert rows["granted"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["carried_forward"] == [0, 0, 0, 0, 1, 0, 1]


def test_every_outcome_label_resolves_for_its_layout() -> None:
    for lay in fmt.LAYOUTS:
        names = outcome_names(lay)
        for r in lay.outcome_rows:
            for name in (r.key, r.label, r.printed, r.short, f"{r.group}{r.printed}"):
                found = [v for k, v in names.items() if k == _n(name)]
                assert found == [r.key], (lay.key, name)


def _n(text: str) -> str:
    from nianbao.inputs.register import _norm

    return _norm(text)


def test_2019_layout_reads_2021_sub_rows_as_its_single_other_row(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(
        "编号,收到日期,申请人类型,办理结果,办结日期\n"
        "1,2020-03-01,自然人,逾期不补正,2020-03-20\n"
        "2,2020-03-01,自然人,（六）其他处理,2020-03-20\n",
        encoding="utf-8",
    )
    rows = tally_register(path, 2020).rows
    assert rows["other_single_row"] == [2, 0, 0, 0, 0, 0, 2]
    assert "other_no_correction" not in rows


HEADER = "编号,收到日期,申请人类型,办理结果,办结日期\n"
GOOD = "1,2024-01-02,自然人,予以公开,2024-01-20\n"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "2,2024-01-03,自然人,予以批准,2024-01-21",
            "register.csv:3: 办理结果: 未知的办理结果 '予以批准'",
        ),
        (
            "2,03/05/2024,自然人,予以公开,2024-03-21",
            "register.csv:3: 收到日期: 日期格式不对：'03/05/2024'",
        ),
        ("2,2024-02-30,自然人,予以公开,2024-03-21", "register.csv:3: 收到日期: 没有这一天"),
        (
            "1,2024-01-03,自然人,予以公开,2024-01-21",
            "register.csv:3: 编号: 编号 '1' 重复（第2行已有）",
        ),
        (
            "2,2024-01-03,个体工商户,予以公开,2024-01-21",
            "register.csv:3: 申请人类型: 未知的申请人类型 '个体工商户'",
        ),
        ("2,2024-01-03,法人或其他组织,予以公开,2024-01-21", "未知的申请人类型 '法人或其他组织'"),
        (
            "2,2024-01-03,自然人,予以公开；不予公开4.保护第三方合法权益,2024-01-21",
            "一件申请只能有一个办理结果，这里有2个",
        ),
        ("2,2024-01-03,自然人,予以公开,", "register.csv:3: 办结日期: 有办理结果但没有办结日期"),
        ("2,2024-01-03,自然人,,2024-01-21", "register.csv:3: 办理结果: 已办结但没有办理结果"),
        ("2,2024-01-03,自然人,予以公开,2024-01-01", "办结日期 2024-01-01 早于收到日期 2024-01-03"),
        ("2,2024-01-03,自然人,不予公开,2024-01-21", "“不予公开”是分组，请写明具体情形"),
        (
            "2,2024-01-03,自然人,本机关不掌握相关信息,2024-01-21",
            "是否应为“1.本机关不掌握相关政府信息”",
        ),
        (",2024-01-03,自然人,予以公开,2024-01-21", "register.csv:3: 编号: 编号为空"),
    ],
)
def test_bad_rows_are_rejected_with_their_row_number_and_nothing_is_written(
    tmp_path: Path, row: str, expected: str
) -> None:
    path = tmp_path / "register.csv"
    path.write_text(HEADER + GOOD + row + "\n", encoding="utf-8")
    out = tmp_path / "counts.yaml"
    result = runner.invoke(
        app, ["tally", str(path), "--organ", "某县某局", "--year", "2024", "-o", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_every_bad_row_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(
        HEADER + "1,2024-13-01,自然人,予以公开,2024-01-20\n" + GOOD + "3,2024-01-01,某人,,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as e:
        read_register(path, fmt.layout("2021"))
    rendered = str(e.value)
    assert "register.csv:2: 收到日期" in rendered
    assert "register.csv:4: 申请人类型" in rendered


def test_bad_rows_in_a_workbook_name_the_cell(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "登记表"
    ws.append(["编号", "收到日期", "申请人类型", "办理结果", "办结日期"])
    ws.append(["1", datetime(2024, 1, 2), "自然人", "予以批准", datetime(2024, 1, 5)])
    path = tmp_path / "register.xlsx"
    wb.save(path)
    with pytest.raises(DataError) as e:
        read_register(path, fmt.layout("2021"))
    assert "register.xlsx: 登记表!D2 办理结果: 未知的办理结果 '予以批准'" in str(e.value)


def test_missing_columns_and_other_files(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text("编号,收到日期,申请人类型,办理结果\n1,2024-01-02,自然人,\n", encoding="utf-8")
    with pytest.raises(DataError, match="表头缺少列：办结日期"):
        read_register(path, fmt.layout("2021"))
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(DataError, match="找不到表头"):
        read_register(path, fmt.layout("2021"))
    old = tmp_path / "register.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(DataError, match="另存为 .xlsx 或 CSV"):
        read_register(old, fmt.layout("2021"))


def test_open_words_and_times_are_understood(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(
        HEADER
        + "1,2024-12-30 09:30,自然人,,办理中\n"
        + "2,20241230,自然人,予以公开,2024-12-31 16:00:00\n",
        encoding="utf-8",
    )
    rows = tally_register(path, 2024).rows
    assert rows["carried_forward"][-1] == 1 and rows["granted"][-1] == 1


def test_apply_tally_keeps_everything_else(bureau: Path) -> None:
    data = load_counts(bureau)
    apps = [Application(2, "x", date(2024, 5, 1), "research", "granted", date(2024, 5, 9))]
    result = apply_tally(data, tally(apps, 2024))
    assert result.table3()["granted"][2].value == 1
    assert result.table3()["new"][-1].value == 1
    assert result.table2() == data.table2()
    assert result.problems() == data.problems()
    assert result.contact == data.contact
    with pytest.raises(ValueError, match="tally is for 2023"):
        apply_tally(data, tally(apps, 2023))


def test_tally_command_with_base_writes_a_checked_file(tmp_path: Path, bureau: Path) -> None:
    out = tmp_path / "counts.yaml"
    result = runner.invoke(app, ["tally", str(ALL), "--base", str(bureau), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "一、本年新收政府信息公开申请数量  25" in result.stdout
    assert "四、结转下年度继续办理  3" in result.stdout
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["applications"]["denied_three_safeties"] == [0, 1, 0, 1, 0, 0, 2]
    assert data["organ"] == "青石县自然资源局"
    assert data["notes"]["problems"][0]["problem"].startswith("部分答复文书")
    check = runner.invoke(app, ["check", str(out), "--today", "2026-01-01"])
    assert check.exit_code == 0, check.output
    again = runner.invoke(app, ["tally", str(ALL), "--base", str(bureau), "-o", str(out)])
    assert again.exit_code == 1 and "--force" in again.stderr


def test_tally_command_without_base(tmp_path: Path, bureau_prior: Path) -> None:
    out = tmp_path / "counts.xlsx"
    result = runner.invoke(
        app,
        [
            "tally",
            str(ALL),
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
    # last year's file carried 10 forward; the register has only 3 from before 2024
    assert "与上年报告的结转下年度 10 件不一致" in result.stderr
    from nianbao.inputs.excel import load_workbook

    data = load_workbook(out)
    assert [c.value for c in data.table3()["new"]][:6] == EXPECTED_2024["new"][:6]
    assert data.table2()["normative_documents.in_force"].value == 31
    assert data.prior_problems()[0].problem.startswith("不动产登记")  # last year's, to follow up


def test_tally_command_needs_base_or_organ_and_year(tmp_path: Path) -> None:
    result = runner.invoke(app, ["tally", str(ALL), "-o", str(tmp_path / "c.yaml")])
    assert result.exit_code == 2
    assert "--base" in result.stderr
    result = runner.invoke(app, ["tally", str(ALL), "--year", "2024", "-o", "c.txt"])
    assert result.exit_code == 2


def test_tally_does_not_load_openpyxl_for_csv(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "c.yaml"
    code = (
        "import sys; from typer.testing import CliRunner; from nianbao.cli import app; "
        f"r = CliRunner().invoke(app, ['tally', {str(ALL)!r}, '--organ', 'x局', '--year', "
        f"'2024', '-o', {str(out)!r}]); print(r.exit_code, 'openpyxl' in sys.modules)"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "0 False"


def test_csv_quoting_survives(tmp_path: Path) -> None:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["编号", "收到日期", "申请人类型", "办理结果", "办结日期"])
    w.writerow(["1", "2024-01-02", "自然人", "危及“三安全一稳定”", "2024-01-09"])
    w.writerow(["2", "2024-01-02", "自然人", '3.危及"三安全一稳定"', "2024-01-09"])
    path = tmp_path / "register.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    assert tally_register(path, 2024).rows["denied_three_safeties"][-1] == 2


def test_tally_without_base_leaves_tables_two_and_four_to_fill_in(tmp_path: Path) -> None:
    out = tmp_path / "counts.yaml"
    made = runner.invoke(
        app, ["tally", str(ALL), "--organ", "某县某局", "--year", "2024", "-o", str(out)]
    )
    assert made.exit_code == 0, made.output
    check = runner.invoke(app, ["check", str(out), "--today", "2026-11-28"])
    assert check.exit_code == 1, check.output
    assert "错误 E-7B 表二" in check.stdout and "表二尚未填写" in check.stdout
    assert "错误 E-7B 表四" in check.stdout and "表四尚未填写" in check.stdout
    assert "表三尚未填写" not in check.stdout  # table 三 came from the register
