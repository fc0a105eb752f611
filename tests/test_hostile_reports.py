"""Hostile published reports: mangled PDFs, zip bombs, deep XML, entity expansion, huge files.

Each is read by `nianbao check` and by `nianbao extract` in a subprocess with an address-space
limit and a timeout: it must end in a clean exit 0/1/2 with a message, within bounded memory,
never a traceback or a hang; `extract` writes its files whole or not at all.
"""

from __future__ import annotations

import copy
import io
import json
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
r = CliRunner().invoke(app, sys.argv[1:])
sys.stdout.write(r.output)
sys.exit(r.exit_code)
"""

COMMANDS = ("check", "extract")


@pytest.fixture(params=COMMANDS)
def command(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _bounded(command: str, path: Path) -> subprocess.CompletedProcess[str]:
    out = path.with_name(path.name + ".extracted.yaml")
    args = (
        ["check", str(path), "--today", "2026-11-28"]
        if command == "check"
        else ["extract", str(path), "-o", str(out)]
    )
    proc = subprocess.run(
        [sys.executable, "-c", _RUN.format(limit=MEMORY_LIMIT), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert proc.returncode in (0, 1, 2), proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "内部错误" not in proc.stdout + proc.stderr
    assert proc.stdout.strip()  # a message, whatever happened
    if command == "extract":
        narrative = out.with_name(out.stem + ".narrative.md")
        if proc.returncode == 0:
            import yaml

            assert isinstance(yaml.safe_load(out.read_text("utf-8")), dict)
            # what was read goes with the output, for the callers' checks (no secret in it)
            proc.stdout += out.read_text("utf-8") + narrative.read_text("utf-8")
        else:
            assert not out.exists() and not narrative.exists()  # nothing half-written
        leftovers = [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]
        assert leftovers == []
        out.unlink(missing_ok=True)
        narrative.unlink(missing_ok=True)
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


def test_docx_zip_bomb(tmp_path: Path, command: str) -> None:
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
    proc = _bounded(command, p)
    assert proc.returncode == 2


def test_docx_deep_xml(tmp_path: Path, command: str) -> None:
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
    _bounded(command, p)


def test_docx_external_entity_is_not_resolved(tmp_path: Path, command: str) -> None:
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
    proc = _bounded(command, p)
    assert "SECRET" not in proc.stdout


def test_html_entity_expansion(tmp_path: Path, command: str) -> None:
    ents = ['<!ENTITY a0 "一二三四五六七八九十">']
    ents += [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)]
    html = f"<!DOCTYPE html [{''.join(ents)}]><html><body><p>&a9;</p></body></html>"
    p = tmp_path / "laughs.html"
    p.write_text(html, encoding="utf-8")
    _bounded(command, p)


def test_html_external_entity_is_not_resolved(tmp_path: Path, command: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN", encoding="utf-8")
    html = (
        f'<!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<html><body><p>一、总体情况 &x;</p></body></html>"
    )
    p = tmp_path / "xxe.html"
    p.write_text(html, encoding="utf-8")
    proc = _bounded(command, p)
    assert "SECRET-TOKEN" not in proc.stdout


def test_html_huge_spans(tmp_path: Path, command: str) -> None:
    html = '<table><tr><td rowspan="999999999" colspan="999999999">1</td></tr></table>'
    p = tmp_path / "spans.html"
    p.write_text(html, encoding="utf-8")
    _bounded(command, p)


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
def test_mangled_pdfs(tmp_path: Path, content: bytes, command: str) -> None:
    p = tmp_path / "mangled.pdf"
    p.write_bytes(content)
    proc = _bounded(command, p)
    assert proc.returncode == 2


def test_truncated_real_docx(tmp_path: Path, command: str) -> None:
    from nianbao.load import load_counts
    from nianbao.render import write_report

    root = Path(__file__).resolve().parent.parent
    data_file = load_counts(root / "examples/guguantun-2024/counts.yaml")
    (docx,) = write_report(data_file, None, tmp_path, ("docx",))
    data = docx.read_bytes()
    for cut in (100, len(data) // 2, len(data) - 10):
        p = tmp_path / f"cut-{cut}.docx"
        p.write_bytes(data[:cut])
        assert _bounded(command, p).returncode == 2


def test_200_mb_text_file_is_refused_quickly(tmp_path: Path, command: str) -> None:
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        line = "一、总体情况 本年新收政府信息公开申请数量 1 2 3 4 5 6 21\n".encode()
        block = line * (1024 * 1024 // len(line))
        for _ in range(200):
            fh.write(block)
    assert p.stat().st_size > 190 * 1024 * 1024
    proc = _bounded(command, p)
    assert proc.returncode == 2
    assert "过大" in proc.stdout


runner = CliRunner()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(max_size=3000),
    suffix=st.sampled_from([".txt", ".md", ".html"]),
    command=st.sampled_from(COMMANDS),
)
def test_random_text_reports(tmp_path: Path, text: str, suffix: str, command: str) -> None:
    p = tmp_path / f"random{suffix}"
    p.write_text(text, encoding="utf-8", errors="surrogatepass")
    args = [command, str(p)] + (["--today", "2026-11-28"] if command == "check" else [])
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1, 2), result.output
    assert "内部错误" not in result.output
    assert result.output.strip()


# --- a fuzz pass: many mutated PDFs and Word files, read in one bounded process ------------------


def _minimal_pdf(lines: list[str]) -> bytes:
    """A small valid PDF with one page of text (Latin digits and words: a base to mutate)."""
    text = "BT /F1 12 Tf 72 760 Td 14 TL " + " ".join(f"({t}) '" for t in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text.encode()),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _mutate(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    kind = rng.randrange(5)
    if kind == 0:  # flip bytes
        for _ in range(rng.randint(1, 20)):
            b[rng.randrange(len(b))] = rng.randrange(256)
    elif kind == 1:  # truncate
        del b[rng.randrange(1, len(b)) :]
    elif kind == 2:  # duplicate a stretch
        i = rng.randrange(len(b))
        b[i:i] = b[i : i + rng.randint(1, 2000)] * rng.randint(1, 50)
    elif kind == 3:  # insert noise
        i = rng.randrange(len(b))
        b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 500)))
    else:  # zero a range
        i = rng.randrange(len(b))
        n = rng.randint(1, 4000)
        b[i : i + n] = bytes(len(b[i : i + n]))
    return bytes(b)


def _mangle_text(xml: bytes, rng: random.Random) -> bytes:
    """The document's XML still well-formed, its content mangled."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(xml)
    texts = list(root.iter(f"{w}t"))
    junk = "０１２３４５６７８９一二三四五六七八九十（）、．.,;：件\u3000 \t-—/无" + "".join(
        chr(rng.randrange(0x20, 0x9FFF)) for _ in range(20)
    )
    for t in rng.sample(texts, k=min(len(texts), rng.randint(1, 60))):
        t.text = "".join(rng.choice(junk) for _ in range(rng.randint(0, 12)))
    for tag in ("tc", "tr", "p"):
        nodes = list(root.iter(f"{w}{tag}"))
        for node in rng.sample(nodes, k=min(len(nodes), rng.randint(0, 5))):
            parent = node.getparent()
            if parent is not None and rng.random() < 0.7:
                parent.remove(node)
            elif parent is not None:
                parent.insert(parent.index(node), copy.deepcopy(node))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


_FUZZ = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from typer.testing import CliRunner
from nianbao.cli import app
results = {{}}
for path in sys.argv[1:]:
    for command in ("extract", "check"):
        r = CliRunner().invoke(app, [command, path])
        crashed = "Traceback" in r.output or "内部错误" in r.output
        results[command + " " + path] = [r.exit_code, crashed, r.output[-300:]]
print(json.dumps(results))
"""


def test_fuzzed_pdfs_and_word_files(tmp_path: Path) -> None:
    from nianbao.load import load_counts
    from nianbao.render import write_report

    root = Path(__file__).resolve().parent.parent
    (docx,) = write_report(
        load_counts(root / "examples/guguantun-2024/counts.yaml"), None, tmp_path, ("docx",)
    )
    docx_bytes = docx.read_bytes()
    with zipfile.ZipFile(docx) as z:
        members = {n: z.read(n) for n in z.namelist()}
    pdf = _minimal_pdf(["2024 Report", "1 2 3 4 5 6 21", "0 0 0 0 0 0 0"])
    rng = random.Random(20261128)
    paths: list[Path] = []
    for i in range(30):
        p = tmp_path / f"fuzz-{i:02d}.pdf"
        p.write_bytes(_mutate(pdf, rng))
        paths.append(p)
    for i in range(15):  # the zip itself damaged
        p = tmp_path / f"fuzz-zip-{i:02d}.docx"
        p.write_bytes(_mutate(docx_bytes, rng))
        paths.append(p)
    for i in range(15):  # a sound zip around damaged XML
        p = tmp_path / f"fuzz-xml-{i:02d}.docx"
        damaged = dict(members)
        damaged["word/document.xml"] = _mutate(members["word/document.xml"], rng)
        p.write_bytes(_docx(damaged))
        paths.append(p)
    for i in range(15):  # sound XML, mangled content: texts replaced, cells and rows dropped
        p = tmp_path / f"fuzz-text-{i:02d}.docx"
        damaged = dict(members)
        damaged["word/document.xml"] = _mangle_text(members["word/document.xml"], rng)
        p.write_bytes(_docx(damaged))
        paths.append(p)
    proc = subprocess.run(
        [sys.executable, "-c", _FUZZ.format(limit=MEMORY_LIMIT), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT * 2,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads(proc.stdout)
    assert len(results) == 2 * len(paths)
    for path, (code, crashed, tail) in results.items():
        assert code in (0, 1, 2), (path, code, tail)
        assert not crashed, (path, tail)
    # the mutations do reach both outcomes: some files still read, most are refused
    codes = [code for name, (code, _, _) in results.items() if name.startswith("extract")]
    assert codes.count(2) >= 10 and codes.count(0) >= 3, codes
