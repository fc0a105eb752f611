"""Plain Chinese numerals are read without importing cn2an (issue 16: cn2an costs 0.1–0.3 s at
import), and read exactly as cn2an reads them."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import cn2an  # type: ignore[import-untyped]

from nianbao.numbers import _simple_chinese, chinese_to_decimal


def test_the_fast_path_agrees_with_cn2an_on_every_numeral_below_ten_thousand() -> None:
    accepted = 0
    for n in range(1, 10_000):
        written = cn2an.an2cn(n)
        for form in {
            written,
            written.removeprefix("一") if written.startswith("一十") else written,
        }:
            fast = _simple_chinese(form)
            if fast is not None:
                accepted += 1
                assert Decimal(str(cn2an.cn2an(form, "smart"))) == fast, form
    assert accepted > 8000  # most numerals without 零


def test_colloquial_and_odd_forms_are_left_to_cn2an() -> None:
    for text in ("二百五", "一百十二", "两千零三", "十十", "一二", "千", ""):
        assert _simple_chinese(text.replace("两", "二")) is None
    assert chinese_to_decimal("二百五") == Decimal(250)
    assert chinese_to_decimal("两千零三") == Decimal(2003)
    assert chinese_to_decimal("十十") is None


def test_plain_numerals_do_not_import_cn2an() -> None:
    code = (
        "import sys; from nianbao.numbers import find_figures; "
        "figs = find_figures('共办理三十三件，其中两件转办，召开十二次会议，培训一千二百人次。'); "
        "print(sorted(str(f.value) for f in figs), 'cn2an' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "['12', '1200', '2', '33'] False", done.stdout + done.stderr
