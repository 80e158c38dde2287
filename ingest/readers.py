"""Read a policy document (.txt in any common Chinese encoding, .docx, .pdf with a text layer).

``read_document`` returns the decoded text of the file as it is (normalization happens later, in
``ingest.normalize``), the encoding it was read with and the sha256 of the file's bytes. Anything that
cannot be read cleanly raises ``DocumentError`` with the file's name and what to do about it: the
reader never guesses an encoding silently wrong.

Text files are decoded in this order, each strictly (no replacement characters):

1. a byte-order mark: UTF-32, UTF-16 or UTF-8;
2. UTF-8;
3. GB18030 (a superset of GBK and GB2312);
4. charset-normalizer's best guess, for the rest (Big5, UTF-16 without a mark, ...).

Every candidate must also look like text: no NUL or other control characters of a binary file, no
private-use or replacement characters, and, for anything but UTF-8, mostly Chinese characters among
its non-ASCII characters (a GBK file read as Latin-1 is mojibake, not text).
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from graph.errors import DocumentError
from ingest.normalize import is_cjk

__all__ = ["SourceText", "read_document", "decode_text", "SUPPORTED_SUFFIXES", "MAX_BYTES"]

MAX_BYTES = 20 * 1024 * 1024
SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf")


@dataclass(frozen=True)
class SourceText:
    path: str
    text: str  # the decoded original text (for .docx/.pdf: the extracted text)
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "gb18030", ... ; "docx" / "pdf" for those
    sha256: str  # of the file's bytes


def read_document(path, *, max_bytes: int = MAX_BYTES) -> SourceText:
    """Read one policy document; raise DocumentError when it cannot be read cleanly."""
    p = Path(path)
    name = str(p)
    if not p.exists():
        raise DocumentError(f"{name}: file not found; check the path")
    if p.is_dir():
        raise DocumentError(f"{name}: is a folder, not a document; give the document's file")
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        hint = ""
        if suffix in (".doc", ".wps", ".rtf", ".odt"):
            hint = " (open it in Word or WPS and save it as .docx)"
        elif suffix in (".htm", ".html", ".md", ".text", ""):
            hint = " (save or rename it as a .txt file in UTF-8)"
        raise DocumentError(
            f"{name}: unsupported file type {suffix or '(no extension)'!r}; supported: "
            f"{', '.join(SUPPORTED_SUFFIXES)}{hint}"
        )
    try:
        size = p.stat().st_size
    except OSError as err:
        raise DocumentError(f"{name}: cannot read the file ({err.strerror}); check its permissions") from err
    if size == 0:
        raise DocumentError(f"{name}: the file is empty; give the document's full text")
    if size > max_bytes:
        raise DocumentError(
            f"{name}: the file is {size / 1024 / 1024:.1f} MB, more than the {max_bytes / 1024 / 1024:.0f} MB "
            "limit for one document; split it or remove embedded images"
        )
    try:
        data = p.read_bytes()
    except OSError as err:
        raise DocumentError(f"{name}: cannot read the file ({err.strerror}); check its permissions") from err
    digest = hashlib.sha256(data).hexdigest()
    if suffix == ".txt":
        text, encoding = decode_text(data, name)
    elif suffix == ".docx":
        text, encoding = _read_docx(data, name), "docx"
    else:
        text, encoding = _read_pdf(data, name), "pdf"
    if not text.strip():
        raise DocumentError(f"{name}: the document holds no text; give a document with its full text")
    return SourceText(path=name, text=text, encoding=encoding, sha256=digest)


# ---------------------------------------------------------------------------------------------
# text files

_MAGIC = (
    (b"%PDF", "a PDF file; rename it to .pdf"),
    (b"PK\x03\x04", "a ZIP archive (a .docx?); rename it to .docx if it is a Word document"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Excel file; save it as .docx or as UTF-8 text"),
    (b"\x89PNG", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF8", "a GIF image, not text"),
    (b"\x7fELF", "a program, not text"),
    (b"{\\rtf", "an RTF file; save it as .docx or as UTF-8 text"),
)

_SAVE_AS = "save it as UTF-8 text (for example in Notepad: Save As, encoding UTF-8)"


def decode_text(data: bytes, name: str = "document") -> tuple[str, str]:
    """Decode the bytes of a text file: ``(text, encoding)``; DocumentError if not cleanly."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DocumentError(f"{name}: this is {what}")

    # 1. byte-order marks
    for bom, enc in (
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as err:
                raise DocumentError(
                    f"{name}: marked as {enc.upper()} but byte {err.start} does not decode; the file is "
                    f"damaged or mislabeled: {_SAVE_AS}"
                ) from err
            _check_text(text, name, enc, strict_cjk=False)
            return text, enc

    # 2. UTF-8
    if b"\x00" not in data:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            _check_text(text, name, "utf-8", strict_cjk=False)
            return text, "utf-8"

        # 3. GB18030
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            if _problem(text, strict_cjk=True) is None:
                return text, "gb18030"

    # UTF-16 without a byte-order mark: the NULs of its ASCII characters sit on one side
    if b"\x00" in data and len(data) % 2 == 0:
        odd = data[1::2].count(0)
        even = data[0::2].count(0)
        enc = "utf-16-le" if odd > even else "utf-16-be"
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            text = None
        if text is not None and _problem(text, strict_cjk=True) is None:
            return text, enc

    # 4. charset-normalizer
    from charset_normalizer import from_bytes

    logging.getLogger("charset_normalizer").setLevel(logging.ERROR)
    best = from_bytes(data).best()
    if best is not None:
        enc = best.encoding
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            text = None
        if text is not None and _problem(text, strict_cjk=True) is None and best.chaos <= 0.2:
            return text, enc
    if b"\x00" in data:
        raise DocumentError(f"{name}: this looks like a binary file (it holds NUL bytes), not text; {_SAVE_AS}")
    raise DocumentError(
        f"{name}: cannot tell the text encoding: it is not valid UTF-8, UTF-16 or GB18030/GBK; {_SAVE_AS}"
    )


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_C1 = re.compile(r"[\x80-\x9f]")
_LATIN1 = re.compile(r"[\u00c0-\u00ff]")
_PRIVATE = re.compile(r"[\ue000-\uf8ff\ufffd]")


def _problem(text: str, *, strict_cjk: bool) -> str | None:
    """Why ``text`` does not look like a decoded document, or None if it does."""
    if "\x00" in text:
        return "binary"
    n = max(len(text), 1)
    controls = len(_CONTROL.findall(text))
    if controls > max(2, n // 1000):
        return "binary"
    private = len(_PRIVATE.findall(text))
    if private > max(2, n // 200):
        return "garbled"
    cjk = sum(1 for c in text if is_cjk(c))
    c1 = len(_C1.findall(text))
    latin1 = len(_LATIN1.findall(text))
    # UTF-8 read as Latin-1 and saved again (æ³½...) or GBK read as Latin-1 (ºÊÔó...)
    if c1 > 2 or (latin1 >= 10 and latin1 > cjk):
        return "mojibake"
    if strict_cjk:
        non_ascii = sum(1 for c in text if ord(c) > 0x7F and not c.isspace())
        if non_ascii and cjk + _wide_punct_count(text) < 0.6 * non_ascii:
            return "mojibake"
        if cjk >= 20 and _rare_share(text) > 0.25:
            return "mojibake"
    return None


def _wide_punct_count(text: str) -> int:
    return sum(1 for c in text if 0x3000 <= ord(c) <= 0x303F or 0xFF00 <= ord(c) <= 0xFFEF or c in "“”‘’…—·")


def _rare_share(text: str) -> float:
    """Share of CJK characters outside both GB2312 and Big5 (common simplified / traditional sets).

    Text in the wrong double-byte encoding (Big5 read as GBK) is full of rare characters.
    """
    cjk = [c for c in text if is_cjk(c)]
    sample = cjk[:20000]
    rare = 0
    for c in sample:
        try:
            c.encode("gb2312")
            continue
        except UnicodeEncodeError:
            pass
        try:
            c.encode("big5")
        except UnicodeEncodeError:
            rare += 1
    return rare / max(len(sample), 1)


def _check_text(text: str, name: str, encoding: str, *, strict_cjk: bool) -> None:
    problem = _problem(text, strict_cjk=strict_cjk)
    if problem == "binary":
        raise DocumentError(f"{name}: this looks like a binary file (control characters), not text; {_SAVE_AS}")
    if problem is not None:
        raise DocumentError(
            f"{name}: decodes as {encoding} but the text is garbled (mojibake: it was converted with the "
            f"wrong encoding before); get the original file and {_SAVE_AS}"
        )


# ---------------------------------------------------------------------------------------------
# .docx


def _read_docx(data: bytes, name: str) -> str:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as err:  # pragma: no cover - python-docx is a dependency
        raise DocumentError(f"{name}: reading .docx needs python-docx; pip install python-docx") from err
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise DocumentError(
            f"{name}: the .docx file is damaged or not a Word document; open it in Word or WPS and save it again"
        ) from err
    except Exception as err:  # python-docx raises several lxml/packaging errors on damaged files
        raise DocumentError(
            f"{name}: the .docx file cannot be read ({type(err).__name__}); open it in Word or WPS and save it again"
        ) from err

    lines: list[str] = []

    def walk(parent_element, parent) -> None:
        for child in parent_element.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, parent).text)
            elif tag == "tbl":
                table = Table(child, parent)
                for row in table.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                            continue
                        seen.add(id(cell._tc))
                        walk(cell._tc, cell)
            elif tag == "sdt":  # content controls hold paragraphs too
                content = child.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sdtContent")
                if content is not None:
                    walk(content, parent)

    walk(document.element.body, document)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# .pdf


def _read_pdf(data: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    damaged = f"{name}: the PDF is damaged or truncated (incomplete download?); get the complete file again"
    if not data.startswith(b"%PDF") and b"%PDF" not in data[:1024]:
        raise DocumentError(f"{name}: this is not a PDF file (no %PDF header); check the file")
    if b"%%EOF" not in data[-2048:]:
        raise DocumentError(damaged)
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as err:
                raise DocumentError(f"{name}: the PDF is password-protected; save an unprotected copy") from err
            if not ok:
                raise DocumentError(f"{name}: the PDF is password-protected; save an unprotected copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as err:
        raise DocumentError(damaged) from err
    except Exception as err:  # pypdf raises assorted errors on damaged streams
        raise DocumentError(damaged + f" ({type(err).__name__})") from err
    if not pages:
        raise DocumentError(damaged)
    text = "\f".join(pages)
    if sum(1 for c in text if not c.isspace()) < 10:
        raise DocumentError(
            f"{name}: the PDF has no text layer (a scanned image?); it needs a text layer: run OCR on it "
            "or get the original Word or text version"
        )
    problem = _problem(text.replace("\f", "\n"), strict_cjk=False)
    if problem is not None:
        raise DocumentError(
            f"{name}: the PDF's text layer cannot be decoded (its fonts have no Unicode map); get the original "
            "Word or text version, or run OCR on it"
        )
    return text
