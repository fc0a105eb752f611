"""Faults from the model endpoint, each through `draft-report` against a stub on 127.0.0.1.

Every fault ends in a verified report — the built-in writer stands in for the part the endpoint
failed, and the output says so — or in a clear error with its exit code. Never a traceback,
never a figure that failed verification, never a partial output file, never the API key.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from nianbao.cli.draft import draft_report_app
from nianbao.draft.llm import MAX_ANSWER_CHARS
from nianbao.format import part as part_of_format
from nianbao.load import load_counts
from tests.claims import wrong_claims
from tests.fidelity import docx_text
from tests.recordings import recorded
from tests.stubserver import Reply, StubServer, answer, completion, error, part_of

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "guguantun-2024" / "counts.yaml"

KEY = "sk-test-LEAKCHECK-faults-7f3a9c0e5d"
PARTS = ("overview", "problems", "other")
FILES = ["draft.json", "report.docx", "report.html", "report.md", "review.html"]
runner = CliRunner()
Script = Callable[[dict[str, Any], int], Reply]


def good(body: dict[str, Any]) -> Reply:
    payload = recorded("guguantun", part_of(body))
    return answer(body, payload)


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def draft_report(url: str, out: Path, *extra: str) -> Result:
    args = [
        "--data",
        str(SEED),
        "--out",
        str(out),
        "--base-url",
        url,
        "--model",
        "stub-model",
        "--api-key",
        KEY,
        "--retries",
        "0",
        "--timeout",
        "5",
        "--today",
        "2026-11-28",
        *extra,
    ]
    return runner.invoke(draft_report_app(), args)


def assert_verified_report(result: Result, out: Path, writer: set[str]) -> dict[str, Any]:
    """Exit 0; the four files complete and nothing else; `writer` parts by the built-in writer
    (said in the output); no figure in the output failed verification; no key anywhere."""
    output = result.stdout + result.stderr
    assert result.exit_code == 0, output
    assert "Traceback" not in output and "内部错误" not in output
    assert KEY not in output
    assert (
        sorted(
            p.name for p in out.iterdir() if p.name not in (".nianbao-files.json", ".nianbao.lock")
        )
        == FILES
    )  # no temporary or backup file left
    for name in FILES:
        assert KEY not in (out / name).read_bytes().decode("utf-8", "replace")
    with zipfile.ZipFile(out / "report.docx") as z:
        assert z.testzip() is None and "word/document.xml" in z.namelist()
    assert (out / "report.html").read_text("utf-8").rstrip().endswith("</html>")
    payload = json.loads((out / "draft.json").read_text("utf-8"))
    for key in PARTS:
        heading = part_of_format(key).heading  # type: ignore[arg-type]
        outcome = payload["parts"][key]
        if key in writer:
            assert (outcome["source"], outcome["fallback"]) == ("writer", True), outcome
            assert f"{heading}：内置写作器 / writer — " in result.stdout
            remarks = payload["narrative"]["parts"][key]["remarks"]
            assert any(
                "本部分由内置写作器起草 / this part was written by the built-in writer" in r
                for r in remarks
            )
        else:
            assert outcome["source"] == "model", outcome
            assert f"{heading}：模型 / model — " in result.stdout
    if writer:
        assert "由内置写作器代写" in result.stderr and "built-in writer" in result.stderr
    statuses = {
        f["status"]
        for p in payload["narrative"]["parts"].values()
        for s in p["sections"]
        for para in s["paragraphs"]
        for f in para["figures"]
    }
    assert "unverified" not in statuses
    # the written files claim no figure the table does not hold (the tests' own patterns)
    data = load_counts(SEED)
    for name in ("report.md", "report.html"):
        assert wrong_claims((out / name).read_text("utf-8"), data) == [], name
    assert wrong_claims(docx_text((out / "report.docx").read_bytes()), data) == []
    assert "核验 / verification: 错误 0" in result.stdout
    return payload


def reasons(payload: dict[str, Any]) -> dict[str, str]:
    return {k: v["reason"] for k, v in payload["parts"].items()}


@dataclass
class Fault:
    script: Script | None  # None: no server at all (url given)
    url: str | None = None
    extra: tuple[str, ...] = ()
    writer: tuple[str, ...] = PARTS
    says: tuple[str, str] = ("", "")  # (中文, English) in the failed parts' reason


def _length_cut(body: dict[str, Any], n: int) -> Reply:
    reply = completion(content='{"lead": ["2024年，我镇坚持')
    reply["choices"][0]["finish_reason"] = "length"
    return Reply(json=reply)


def _huge(body: dict[str, Any], n: int) -> Reply:
    lead = "2024年，我镇认真贯彻落实《条例》。" * (MAX_ANSWER_CHARS // 5)
    return answer(body, {"lead": [lead], "sections": []})


FAULTS: dict[str, Fault] = {
    "connection refused": Fault(
        None,
        url=f"http://127.0.0.1:{closed_port()}/v1",
        says=("连接被拒绝", "connection refused"),
    ),
    "DNS failure": Fault(
        None,
        url="http://nianbao-stub.invalid/v1",  # RFC 2606: never resolves
        says=("无法解析模型服务的主机名", "cannot resolve the endpoint's host name"),
    ),
    "hang past the timeout": Fault(
        lambda body, n: Reply(json=good(body).json, latency=30.0),
        extra=("--timeout", "0.5"),
        says=("请求超时（0.5秒）", "request timed out"),
    ),
    "401 bad key": Fault(
        lambda body, n: error(401, f"Incorrect API key provided: {KEY}"),
        extra=("--retries", "3"),  # a 401 is never retried, whatever the setting
        says=("API 密钥无效或无权限（HTTP 401）", "the API key was rejected"),
    ),
    "429 every time": Fault(
        lambda body, n: error(429, "rate limited", retry_after=0),
        extra=("--retries", "1"),
        says=("请求过于频繁，重试后仍被拒绝（HTTP 429）", "rate limited"),
    ),
    "500 every time": Fault(
        lambda body, n: error(500, "internal error"),
        says=("模型服务出错（HTTP 500）", "server error"),
    ),
    "503 every time": Fault(
        lambda body, n: error(503, "service unavailable", retry_after=0),
        extra=("--retries", "1"),
        says=("模型服务出错（HTTP 503）", "server error"),
    ),
    "truncated body": Fault(
        lambda body, n: Reply(json=good(body).json, cut_after=80),
        says=("连接中断，回答不完整", "the connection broke off"),
    ),
    "malformed body": Fault(
        lambda body, n: Reply(body=b'{"id": "chatcmpl-1", "choices": [{"message": {"con'),
        says=("模型服务返回的内容不是有效的回答", "the endpoint's answer could not be read"),
    ),
    "an HTML error page with 200": Fault(
        lambda body, n: Reply(body=b"<html><body>502 Bad Gateway</body></html>"),
        says=("模型服务返回的内容不是有效的回答", "the endpoint's answer could not be read"),
    ),
    "a completion without choices": Fault(
        lambda body, n: Reply(json={"id": "x", "object": "chat.completion", "choices": []}),
        says=("模型服务返回的内容不是有效的回答", "the endpoint's answer could not be read"),
    ),
    "stream cut mid-way": Fault(
        lambda body, n: Reply(
            stream=[
                b'data: {"choices": [{"delta": {"content": "{\\"lead\\": [\\"2024"}}]}\n\n',
                b'data: {"choices": [{"delta": {"content": "\\u5e74"}}]}\n\n',
            ],
            stream_cut=True,
        ),
        says=("连接中断，回答不完整", "the connection broke off"),
    ),
    "cut at the length limit": Fault(
        _length_cut, says=("回答达到长度上限（max_tokens=8192）被截断", "the length limit")
    ),
    "an answer far over the length limit": Fault(
        _huge, says=("回答过长", "far over the length limit")
    ),
    "one part hangs, the others answer": Fault(
        lambda body, n: (
            Reply(json=good(body).json, latency=30.0) if part_of(body) == "overview" else good(body)
        ),
        extra=("--timeout", "1"),
        writer=("overview",),
        says=("请求超时", "request timed out"),
    ),
    "one part's answer is huge, the others are fine": Fault(
        lambda body, n: _huge(body, n) if part_of(body) == "problems" else good(body),
        writer=("problems",),
        says=("回答过长", "far over the length limit"),
    ),
}


@pytest.mark.parametrize("name", list(FAULTS))
def test_fault_ends_in_a_verified_report(name: str, tmp_path: Path) -> None:
    fault = FAULTS[name]
    out = tmp_path / "out"
    start = time.monotonic()
    if fault.script is None:
        assert fault.url is not None
        result = draft_report(fault.url, out, *fault.extra)
        requests: list[dict[str, Any]] = []
    else:
        with StubServer(fault.script) as stub:
            result = draft_report(stub.url, out, *fault.extra)
        requests = stub.requests
    elapsed = time.monotonic() - start
    payload = assert_verified_report(result, out, set(fault.writer))
    zh, en = fault.says
    for key in fault.writer:
        reason = reasons(payload)[key]
        assert zh in reason and en in reason, reason
        assert zh in result.stdout
    assert elapsed < 25, f"{name} took {elapsed:.1f} s"  # a hang is cut off, not waited out
    if name == "401 bad key":
        assert len(requests) <= 3  # one per part at most: no retry
        assert len({part_of(r) for r in requests}) == len(requests)
    if name == "429 every time":
        assert len(requests) == 3 * 2  # each part: the call and one retry
    if name == "503 every time":
        assert len(requests) == 3 * 2  # retried, not mistaken for a refused method
    if name == "500 every time":
        # llama.cpp's answer to json_schema: the next method is tried before giving up
        methods = {
            "json_schema"
            if "response_format" in r and "json_schema" in json.dumps(r)
            else "tools"
            if "tools" in r
            else "other"
            for r in requests
        }
        assert {"json_schema", "tools"} <= methods


def test_429_with_retry_after_is_waited_for_then_drafted(tmp_path: Path) -> None:
    seen: set[str] = set()

    def script(body: dict[str, Any], n: int) -> Reply:
        part = part_of(body)
        if part not in seen:
            seen.add(part)
            return error(429, "rate limited", retry_after=1)
        return good(body)

    out = tmp_path / "out"
    with StubServer(script) as stub:
        result = draft_report(stub.url, out, "--retries", "2")
    assert_verified_report(result, out, writer=set())
    assert len(stub.requests) == 6
    for part in PARTS:
        times = [t for r, t in zip(stub.requests, stub.arrivals, strict=True) if part_of(r) == part]
        assert times[1] - times[0] >= 0.9  # Retry-After: 1 was honoured
    assert "模型调用 3 次" in result.stdout


def test_503_then_success_is_retried(tmp_path: Path) -> None:
    def script(body: dict[str, Any], n: int) -> Reply:
        return error(503, "warming up", retry_after=0) if n < 3 else good(body)

    out = tmp_path / "out"
    with StubServer(script) as stub:
        result = draft_report(stub.url, out, "--retries", "2")
    assert_verified_report(result, out, writer=set())
    assert len(stub.requests) == 6


def test_a_run_that_fails_before_writing_leaves_the_old_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A log that cannot be opened is a clear error (exit 1) before anything is drafted; the
    report already in the output folder is left as it was."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "exchanges.sqlite").write_bytes(b"this is not a database\n" * 100)
    monkeypatch.setenv("NIANBAO_HOME", str(home))
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.md").write_text("上一次的报告\n", "utf-8")
    with StubServer(lambda body, n: good(body)) as stub:
        result = draft_report(stub.url, out, "--force")  # past the edited-report guard
    assert result.exit_code == 1, result.output
    assert (
        "无法打开模型调用记录" in result.stderr and "cannot open the exchange log" in result.stderr
    )
    assert "NIANBAO_HOME" in result.stderr
    assert "Traceback" not in result.output
    assert stub.requests == []
    assert sorted(p.name for p in out.iterdir()) == [".nianbao.lock", "report.md"]
    assert (out / "report.md").read_text("utf-8") == "上一次的报告\n"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--timeout", "0"), "--timeout"),
        (("--retries", "-1"), "--retries"),
        (("--max-tokens", "0"), "--max-tokens"),
        (("--temperature", "9"), "--temperature"),
        (("--concurrency", "0"), "--concurrency"),
    ],
)
def test_bad_settings_exit_2(args: tuple[str, str], says: str, tmp_path: Path) -> None:
    result = draft_report("http://127.0.0.1:9/v1", tmp_path / "out", *args)
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert not (tmp_path / "out").exists()


def test_bad_method_from_the_environment_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NIANBAO_METHOD", "xml")
    result = draft_report("http://127.0.0.1:9/v1", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "模型设置无效" in result.stderr and "invalid model setting" in result.stderr
    assert "Traceback" not in result.output


def test_the_log_records_each_fault_without_the_key(tmp_path: Path) -> None:
    """The SQLite log keeps the failed exchanges (for `nianbao log`), never the key."""
    from nianbao.draft.log import default_log_path

    with StubServer(lambda body, n: error(401, f"Incorrect API key provided: {KEY}")) as stub:
        result = draft_report(stub.url, tmp_path / "out")
    assert result.exit_code == 0
    db = default_log_path()
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT part, error, outcome FROM exchanges").fetchall()
    assert rows and all(outcome == "error: auth" for _, _, outcome in rows)
    assert all("HTTP 401" in err for _, err, _ in rows)
    assert KEY.encode() not in db.read_bytes()
    assert KEY[:14].encode() not in db.read_bytes()
