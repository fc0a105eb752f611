"""Hostile published reports: mangled PDFs, zip bombs, deep XML, entity expansion, huge files.

Each is checked in a subprocess with an address-space limit and a timeout: it must end in a clean
exit 0/1/2 with a message, within bounded memory, never a traceback or a hang.
"""

from __future__ import annotations

import io
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from nianbao.cli import app

MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space for the checking process
TIMEOUT = 120  # seconds: a hang, not a speed figure

_RUN = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from typer.testing import CliRunner
from nianbao.cli import app
r = CliRunner().invoke(app, ["check", sys.argv[1], "--today", "2026-11-28"])
sys.stdout.write(r.output)
sys.exit(r.exit_code)
"""


def _check_bounded(path: Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-c", _RUN.format(limit=MEMORY_LIMIT), str(path)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert proc.returncode in (0, 1, 2), proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "内部错误" not in proc.stdout + proc.stderr
    return proc


def _docx(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/'
    b'2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def test_docx_zip_bomb(tmp_path: Path) -> None:
    p = tmp_path / "bomb.docx"
    p.write_bytes(
        _docx(
            {
                "[Content_Types].xml": CONTENT_TYPES,
                "_rels/.rels": RELS,
                "word/document.xml": b"<w:document>"
                + b" " * (400 * 1024 * 1024)
                + b"</w:document>",
            }
        )
    )
    assert p.stat().st_size < 2 * 1024 * 1024
    proc = _check_bounded(p)
    assert proc.returncode == 2


def test_docx_deep_xml(tmp_path: Path) -> None:
    depth = 200_000
    xml = (
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body>'
        + b"<w:p>" * depth
        + b"</w:p>" * depth
        + b"</w:body></w:document>"
    )
    p = tmp_path / "deep.docx"
    p.write_bytes(
        _docx({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS, "word/document.xml": xml})
    )
    _check_bounded(p)


def test_docx_external_entity_is_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容SECRET", encoding="utf-8")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    p = tmp_path / "xxe.docx"
    p.write_bytes(
        _docx({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS, "word/document.xml": xml})
    )
    proc = _check_bounded(p)
    assert "SECRET" not in proc.stdout


def test_html_entity_expansion(tmp_path: Path) -> None:
    ents = ['<!ENTITY a0 "一二三四五六七八九十">']
    ents += [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)]
    html = f"<!DOCTYPE html [{''.join(ents)}]><html><body><p>&a9;</p></body></html>"
    p = tmp_path / "laughs.html"
    p.write_text(html, encoding="utf-8")
    _check_bounded(p)


def test_html_external_entity_is_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN", encoding="utf-8")
    html = (
        f'<!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<html><body><p>一、总体情况 &x;</p></body></html>"
    )
    p = tmp_path / "xxe.html"
    p.write_text(html, encoding="utf-8")
    proc = _check_bounded(p)
    assert "SECRET-TOKEN" not in proc.stdout


def test_html_huge_spans(tmp_path: Path) -> None:
    html = '<table><tr><td rowspan="999999999" colspan="999999999">1</td></tr></table>'
    p = tmp_path / "spans.html"
    p.write_text(html, encoding="utf-8")
    _check_bounded(p)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"%PDF-1.7\n",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        b"%PDF-1.4\n" + bytes(random.Random(1).getrandbits(8) for _ in range(20000)),
        b"not a pdf at all",
    ],
)
def test_mangled_pdfs(tmp_path: Path, content: bytes) -> None:
    p = tmp_path / "mangled.pdf"
    p.write_bytes(content)
    proc = _check_bounded(p)
    assert proc.returncode == 2


def test_truncated_real_docx(tmp_path: Path) -> None:
    from nianbao.load import load_counts
    from nianbao.render import write_report

    root = Path(__file__).resolve().parent.parent
    data_file = load_counts(root / "examples/guguantun-2024/counts.yaml")
    (docx,) = write_report(data_file, None, tmp_path, ("docx",))
    data = docx.read_bytes()
    for cut in (100, len(data) // 2, len(data) - 10):
        p = tmp_path / f"cut-{cut}.docx"
        p.write_bytes(data[:cut])
        assert _check_bounded(p).returncode == 2


def test_200_mb_text_file_is_refused_quickly(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        line = "一、总体情况 本年新收政府信息公开申请数量 1 2 3 4 5 6 21\n".encode()
        block = line * (1024 * 1024 // len(line))
        for _ in range(200):
            fh.write(block)
    assert p.stat().st_size > 190 * 1024 * 1024
    proc = _check_bounded(p)
    assert proc.returncode == 2
    assert "过大" in proc.stdout


runner = CliRunner()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=3000), suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_random_text_reports(tmp_path: Path, text: str, suffix: str) -> None:
    p = tmp_path / f"random{suffix}"
    p.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = runner.invoke(app, ["check", str(p), "--today", "2026-11-28"])
    assert result.exit_code in (0, 1, 2), result.output
    assert "内部错误" not in result.output
