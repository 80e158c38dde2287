"""The 统一社会信用代码 (unified social credit code) and its GB 32100-2015 check character."""

from __future__ import annotations

import re
import unicodedata

CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_check_char(first17: str) -> str:
    """The check character (18th) of a unified social credit code, from its first 17 characters.

    >>> credit_check_char("91350100M000100Y4")
    '3'
    """
    total = sum(CREDIT_CHARS.index(ch) * w for ch, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARS[(31 - total % 31) % 31]


def normalize_credit_code(text: str) -> str:
    """Full-width to half-width, no spaces, upper case.

    >>> normalize_credit_code(" 91350100ｍ000100y43 ")
    '91350100M000100Y43'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()


def credit_code_problem(code: str) -> str | None:
    """Why ``code`` (normalized) is not a valid 统一社会信用代码, or None when it is.

    >>> credit_code_problem("91350100M000100Y43") is None
    True
    >>> credit_code_problem("91350100M000100Y44")
    "校验位错误: 按 GB 32100-2015 第 18 位应为 '3', 实为 '4'; 请核对代码"
    """
    if len(code) != 18:
        return f"应为 18 位, 实为 {len(code)} 位"
    bad = sorted({ch for ch in code if ch not in CREDIT_CHARS})
    if bad:
        return f"含不允许的字符 {'、'.join(bad)} (只用数字和除 I、O、S、V、Z 外的大写字母)"
    if not code[2:8].isdigit():
        return f"第 3-8 位应为行政区划代码 (6 位数字), 实为 {code[2:8]!r}"
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        return f"校验位错误: 按 GB 32100-2015 第 18 位应为 {expected!r}, 实为 {code[17]!r}; 请核对代码"
    return None
