"""A corpus of bad and hostile input files, made at test time (nothing binary is committed).

Each maker writes one file (or folder, or link) into a directory and returns its path. `CASES`
names every kind with what the tool must do with it: fail with a cause (exit 1, one line on
stderr naming the file) or read it with a warning (exit 0) where the content is usable.
PDFs are written byte by byte (`pdf_bytes`), so that each defect is exactly the one meant.
Used by tests/test_hardening.py and bench/hardening.py.
"""

from __future__ import annotations

import io
import os
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Maker = Callable[[Path], Path]
SEED = 20261130  # random bytes are the same in every run: a failure can be replayed
HELLO = "Kế hoạch số 1/KH-UBND về phát triển kinh tế"


def pdf_bytes(objects: list[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF file of `objects` (object n is objects[n-1]) with a correct cross-reference table."""
    body = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        trailer_extra,
        xref,
    )
    return bytes(body)


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def text_pdf(
    pages: int = 1,
    size: tuple[float, float] = (595, 842),
    text: str = "Ke hoach so 1/KH-UBND ve phat trien kinh te xa hoi",
) -> bytes:
    """`pages` pages of `size` points, all drawing one line of text (one shared content stream)."""
    kids = b" ".join(b"%d 0 R" % (5 + n) for n in range(pages))
    content = b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(content),
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    )
    objects += [page % size] * pages
    return pdf_bytes(objects)


# ---------------------------------------------------------------- the makers


def zero_bytes_pdf(folder: Path) -> Path:
    return _write(folder / "zero.pdf", b"")


def zero_bytes_txt(folder: Path) -> Path:
    return _write(folder / "zero.txt", b"")


def truncated_pdf(fraction: float) -> Maker:
    """A good PDF cut after `fraction` of its bytes (the cross-reference table is lost)."""

    def make(folder: Path) -> Path:
        data = text_pdf(pages=3)
        return _write(folder / f"truncated-{round(fraction * 100)}.pdf", data[: max(9, int(len(data) * fraction))])

    return make


def random_bytes_pdf(folder: Path) -> Path:
    return _write(folder / "random.pdf", random.Random(SEED).randbytes(64 * 1024))


def random_bytes_with_header_pdf(folder: Path) -> Path:
    """Random bytes after a PDF header: it passes the first check and must fail in the parser."""
    return _write(folder / "random-header.pdf", b"%PDF-1.4\n" + random.Random(SEED + 1).randbytes(64 * 1024))


def self_referencing_page_tree(folder: Path) -> Path:
    """The page tree's root lists itself as its only kid: a naive walk never ends."""
    data = pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
        ]
    )
    return _write(folder / "page-tree-loop.pdf", data)


def page_tree_cycle(folder: Path) -> Path:
    """Two intermediate nodes of the page tree are each other's kid, beside one good page."""
    data = pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [4 0 R] /Count 1 >>",
            b"<< /Type /Pages /Parent 3 0 R /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R"
            b" /Resources << /Font << /F1 7 0 R >> >> >>",
            _stream(b"BT /F1 12 Tf 72 720 Td (Ke hoach so 1/KH-UBND) Tj ET"),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )
    return _write(folder / "page-tree-cycle.pdf", data)


def encrypted_pdf(folder: Path) -> Path:
    """A PDF with a user password (pdfium writes nothing, so reportlab encrypts it)."""
    from reportlab.pdfgen import canvas

    path = folder / "encrypted.pdf"
    pdf = canvas.Canvas(str(path), encrypt="secret")
    pdf.drawString(72, 720, "Ke hoach so 1/KH-UBND")
    pdf.showPage()
    pdf.save()
    return path


def many_pages_pdf(folder: Path) -> Path:
    return _write(folder / "pages-2000.pdf", text_pdf(pages=2000))


def huge_page_pdf(folder: Path) -> Path:
    """One page of 200 x 200 inches (14,400 points, the largest PDF allows)."""
    return _write(folder / "page-200in.pdf", text_pdf(size=(14400, 14400)))


def deep_nesting_pdf(folder: Path) -> Path:
    """A page whose resources hold an array nested 50,000 deep: recursive parsers overflow."""
    depth = 50_000
    nested = b"[" * depth + b"]" * depth
    data = pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /X "
            + nested
            + b" >> >>",
            _stream(b"BT /F1 12 Tf 72 720 Td (Ke hoach) Tj ET"),
        ]
    )
    return _write(folder / "deep-nesting.pdf", data)


def repeated_deflate(block: bytes, times: int) -> bytes:
    """zlib data of `block` repeated `times` times, made by compressing it once: a full flush makes
    each compressed copy stand alone, so a bomb of gigabytes takes neither the memory nor the time."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: the zlib wrapper is added here
    compressed = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(times):
        checksum = zlib.adler32(block, checksum)
    return b"\x78\xda" + compressed * times + b"\x03\x00" + struct.pack(">I", checksum)  # + an empty final block


def huge_image_png(folder: Path) -> Path:
    """A 20,000 x 20,000 pixel PNG (400 million pixels) of 400 kB on disk: a decompression bomb."""
    return _write(folder / "image-20000px.png", white_png(20_000, 20_000, colour=False))


def white_png(width: int, height: int, colour: bool) -> bytes:
    """A white 8-bit PNG, grey or RGB, made without holding its pixels (see repeated_deflate)."""
    rows = 1_000
    # the filter byte first
    idat = repeated_deflate((b"\x00" + b"\xff" * (width * (3 if colour else 1))) * rows, height // rows)

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", width, height, 8, 2 if colour else 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def deflate_bomb_pdf(folder: Path) -> Path:
    """A 1 MB PDF whose page content stream inflates to 1 GB (of spaces)."""
    return _write(folder / "deflate-bomb.pdf", _one_page_pdf(repeated_deflate(b" " * (1 << 20), 1024), b"/FlateDecode"))


def _one_page_pdf(content: bytes, filters: bytes) -> bytes:
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            _stream(content, b"/Filter %s " % filters),
        ]
    )


def large_image_png(folder: Path) -> Path:
    """A 6,000 x 6,000 pixel scan (36 million pixels, over the OCR budget of 25 million): read smaller."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (6_000, 6_000), 255)
    ImageDraw.Draw(image).rectangle((600, 600, 5400, 700), fill=0)
    path = folder / "image-6000px.png"
    image.save(path, dpi=(600, 600))
    return path


def not_utf8_txt(folder: Path) -> Path:
    """8-bit text that no Vietnamese encoding reads (German in Latin-1)."""
    return _write(folder / "latin1.txt", "Größe und Übermaß, schön. ".encode("latin-1") * 20)


def binary_txt(folder: Path) -> Path:
    return _write(folder / "binary.txt", random.Random(SEED + 2).randbytes(16 * 1024))


def megabyte_line_txt(folder: Path) -> Path:
    """One line of a megabyte of Vietnamese words, no line break anywhere."""
    words = (
        "Ủy ban nhân dân tỉnh giao Sở Kế hoạch và Đầu tư chủ trì phối hợp thực hiện "
        "báo cáo kết quả trước ngày 15 tháng 12 năm 2026"
    ).split()
    rng = random.Random(SEED + 3)
    text = []
    size = 0
    while size < 1_000_000:
        word = rng.choice(words)
        text.append(word)
        size += len(word.encode("utf-8")) + 1
    return _write(folder / "megabyte-line.txt", " ".join(text).encode("utf-8"))


def directory_named_pdf(folder: Path) -> Path:
    path = folder / "x.pdf"
    path.mkdir()
    return path


def symlink_loop(folder: Path) -> Path:
    path = folder / "loop.pdf"
    path.symlink_to(path.name)
    return path


def unreadable_pdf(folder: Path) -> Path:
    """A file its reader has no permission for (root reads it anyway: the test says so)."""
    path = _write(folder / "unreadable.pdf", text_pdf())
    path.chmod(0)
    return path


def junk_zip_docx(folder: Path) -> Path:
    """A .docx that is a zip of random files: no [Content_Types].xml, no word/document.xml."""
    buffer = io.BytesIO()
    rng = random.Random(SEED + 4)
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(3):
            archive.writestr(f"junk/{n}.bin", rng.randbytes(2048))
    return _write(folder / "junk.docx", buffer.getvalue())


def docx_without_body(folder: Path) -> Path:
    """A zip with a content-types part naming a main document that is not XML."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        archive.writestr("word/document.xml", b"\x00\x01 not xml <<<")
    return _write(folder / "bad-body.docx", buffer.getvalue())


def truncated_png(folder: Path) -> Path:
    data = io.BytesIO()
    from PIL import Image

    Image.new("L", (200, 200), 255).save(data, "PNG")
    return _write(folder / "truncated.png", data.getvalue()[:60])


def _zip_of(parts: dict[str, tuple[bytes, int, int]]) -> bytes:
    """A zip archive of parts given already deflated: name -> (raw deflate data, size, crc32). So an
    archive claiming gigabytes is made in a moment (zipfile would compress every byte)."""
    body, directory = bytearray(), bytearray()
    for name, (data, size, crc) in parts.items():
        encoded = name.encode()
        fixed = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0x21, crc, len(data), size)  # deflated
        directory += (
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + fixed
            + struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0, len(body))
            + encoded
        )
        body += b"PK\x03\x04" + fixed + struct.pack("<HH", len(encoded), 0) + encoded + data
    end = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(parts), len(parts), len(directory), len(body), 0)
    return bytes(body + directory + end)


def _deflated_part(block: bytes, times: int) -> tuple[bytes, int, int]:
    """`block` repeated `times` times as a zip part (raw deflate, size, crc32), made in a moment."""
    crc = 0
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    return repeated_deflate(block, times)[2:-4], len(block) * times, crc


_CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
).encode()


def _plain_part(data: bytes) -> tuple[bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), len(data), zlib.crc32(data)


def docx_of_zeros(folder: Path) -> Path:
    """A 1 MB .docx holding a part of 1 GiB of zeros (it took 2.2 GB)."""
    parts = {
        "[Content_Types].xml": _plain_part(_CONTENT_TYPES),
        "word/media/zeros.bin": _deflated_part(b"\0" * (1 << 20), 1024),
    }
    return _write(folder / "zeros.docx", _zip_of(parts))


def docx_of_huge_xml(folder: Path) -> Path:
    """A 1 MB .docx whose document.xml unpacks to 300 MB of paragraphs (10 minutes, 3.3 GB)."""
    paragraph = b"<w:p><w:r><w:t>K\xe1\xba\xbf ho\xe1\xba\xa1ch</w:t></w:r></w:p>" * 1000
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    parts = {
        "[Content_Types].xml": _plain_part(_CONTENT_TYPES),
        "word/document.xml": _deflated_part(head + paragraph, (300 << 20) // len(head + paragraph)),
    }
    return _write(folder / "huge-xml.docx", _zip_of(parts))


def docx_of_deep_xml(folder: Path) -> Path:
    """A .docx whose body nests 100,000 elements (libxml2 stops at 256: said as such)."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    deep = b"<w:sdt>" * 100_000 + b"</w:sdt>" * 100_000
    contents["word/document.xml"] = contents["word/document.xml"].replace(b"<w:body>", b"<w:body>" + deep, 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    return _write(folder / "deep-xml.docx", out.getvalue())


def big_stripped_txt(folder: Path) -> Path:
    """5 MB of Vietnamese with its marks stripped, over the text limit (20 MB took 3.0 GB)."""
    line = b"Uy ban nhan dan tinh giao So Ke hoach va Dau tu chu tri phoi hop thuc hien bao cao ket qua.\n"
    return _write(folder / "stripped-5mb.txt", line * (5 * (1 << 20) // len(line) + 1))


def two_megabyte_line_txt(folder: Path) -> Path:
    """One line of 2 MB, over the line limit (a 200 MB line took 9.4 GB and 7.5 minutes)."""
    return _write(folder / "line-2mb.txt", b"Ke hoach so 1/KH-UBND " * (2 * (1 << 20) // 22))


def blank_pages_pdf(pages: int) -> Maker:
    """A PDF of `pages` blank pages (100,000 would have taken hours: each went through OCR)."""

    def make(folder: Path) -> Path:
        kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(pages))
        objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
        objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
        return _write(folder / f"blank-{pages}.pdf", pdf_bytes(objects))

    return make


def hex_deflate_bomb_pdf(folder: Path) -> Path:
    """A 2 MB PDF whose content stream is ASCII hex of a 1 GB deflate bomb (it slipped past the check)."""
    content = repeated_deflate(b" " * (1 << 20), 1024).hex().encode() + b">"
    return _write(folder / "hex-deflate-bomb.pdf", _one_page_pdf(content, b"[/ASCIIHexDecode /FlateDecode]"))


def character_device(folder: Path) -> Path:
    """/dev/zero given as an input: it was read until memory ran out."""
    return Path("/dev/zero")


def fifo(folder: Path) -> Path:
    """A named pipe with no writer: reading it would wait for ever."""
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def colour_png_under_the_pixel_limit(folder: Path) -> Path:
    """A 13,000 x 13,000 colour PNG (169 million pixels, under the 179 million limit) of 600 kB:
    Pillow holds it in 645 MB, plus its greyscale copy (it took 1 GB)."""
    return _write(folder / "colour-13000px.png", white_png(13_000, 13_000, colour=True))


LATIN1_NAME = b"k\xe9 ho\xa1ch"  # as a Windows zip archive may store a name: not UTF-8


def not_utf8_name_txt(folder: Path) -> Path:
    """A good plan whose file name is not UTF-8: converted like any other, its name shown escaped."""
    from conftest import SEED_000

    return _write(Path(os.fsdecode(os.path.join(os.fsencode(folder), LATIN1_NAME + b".txt"))), SEED_000.read_bytes())


def not_utf8_name_pdf(folder: Path) -> Path:
    """A file that is not a PDF, named with bytes that are not UTF-8: its error line names it escaped."""
    return _write(Path(os.fsdecode(os.path.join(os.fsencode(folder), LATIN1_NAME + b".pdf"))), b"not a pdf")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- the catalogue


@dataclass(frozen=True)
class Case:
    """A kind of bad input and the outcome it must have.

    `cause` is a piece of the one error line (exit 1), or of a warning in the output (exit 0)
    when `usable` is true: the tool reads what there is and says what it could not."""

    kind: str
    make: Maker
    cause: str
    usable: bool = False
    args: tuple[str, ...] = ("--ocr", "never")


CASES: tuple[Case, ...] = (
    Case("zero bytes (.pdf)", zero_bytes_pdf, "is empty (0 bytes)"),
    Case("zero bytes (.txt)", zero_bytes_txt, "is empty (0 bytes)"),
    Case("truncated PDF at 10%", truncated_pdf(0.10), "damaged or truncated"),
    Case("truncated PDF at 50%", truncated_pdf(0.50), "damaged or truncated"),
    Case("truncated PDF at 90%", truncated_pdf(0.90), "damaged or truncated"),
    Case("truncated PDF, last bytes", truncated_pdf(0.99), "damaged", usable=True),
    Case("random bytes named .pdf", random_bytes_pdf, "is not a PDF"),
    Case("random bytes after a PDF header", random_bytes_with_header_pdf, "damaged or truncated"),
    Case("page tree refers to itself", self_referencing_page_tree, "page tree is damaged"),
    Case("page tree cycle beside a good page", page_tree_cycle, "page tree is damaged"),
    Case("encrypted PDF", encrypted_pdf, "encrypted: a password is needed"),
    Case("PDF of 2,000 pages", many_pages_pdf, "not OCR'd", usable=True),
    Case("page of 200 x 200 inches", huge_page_pdf, "not OCR'd", usable=True),
    Case(
        "page of 200 x 200 inches, OCR on",
        huge_page_pdf,
        "too large to OCR at 300 dpi",
        usable=True,
        args=("--ocr", "always", "--jobs", "1"),
    ),
    Case("array nested 50,000 deep", deep_nesting_pdf, "", usable=True),
    Case("stream inflating to 1 GB", deflate_bomb_pdf, "inflates to more than"),
    Case("image of 20,000 x 20,000 pixels", huge_image_png, "is an image of 20000 x 20000 pixels: too large to read"),
    Case("image of 20,000 x 20,000 pixels, OCR on", huge_image_png, "too large to read", args=("--ocr", "auto")),
    Case(
        "image of 6,000 x 6,000 pixels, OCR on",
        large_image_png,
        "(6000 x 6000 pixels) is too large to OCR at 600 dpi: read at 500 dpi",
        usable=True,
        args=("--ocr", "always", "--jobs", "1"),
    ),
    Case("truncated PNG", truncated_png, "is not a readable image"),
    Case("text not valid UTF-8", not_utf8_txt, "is not UTF-8"),
    Case("random bytes named .txt", binary_txt, "is not UTF-8"),
    Case("a 1 MB line", megabyte_line_txt, "", usable=True),
    Case("directory named x.pdf", directory_named_pdf, "is a directory"),
    Case("symbolic link loop", symlink_loop, "symbolic link loop"),
    Case("no read permission", unreadable_pdf, "Permission denied"),
    Case(".docx that is a zip of junk", junk_zip_docx, "is not a Word .docx file"),
    Case(".docx whose body is not XML", docx_without_body, "is not a Word .docx file"),
    Case("file name not UTF-8, a good plan", not_utf8_name_txt, "", usable=True),
    Case("file name not UTF-8, not a PDF", not_utf8_name_pdf, "is not a PDF"),
    Case(".docx holding 1 GiB of zeros", docx_of_zeros, "has a part (word/media/zeros.bin) of 1,024 MB unpacked"),
    Case(".docx of 300 MB of XML", docx_of_huge_xml, "raise it with --limit part-mb=N"),
    Case(".docx of XML nested 100,000 deep", docx_of_deep_xml, "has XML nested too deep to read"),
    Case("text of 5 MB, stripped", big_stripped_txt, "is a text of 5.0 MB (more than the limit of 4 MB"),
    Case("text line of 2 MB", two_megabyte_line_txt, "has a line of 2,097,150 characters"),
    Case("PDF of 100,000 blank pages", blank_pages_pdf(100_000), "has 100,000 pages (more than the limit of 5,000"),
    Case("PDF of 2,000 blank pages, OCR on", blank_pages_pdf(2_000), "", usable=True, args=("--jobs", "2")),
    Case("ASCII hex before a deflate bomb", hex_deflate_bomb_pdf, "inflates to more than"),
    Case("character device /dev/zero", character_device, "is a character device: not read"),
    Case("FIFO", fifo, "is a FIFO: not read"),
    Case("colour PNG under the pixel limit", colour_png_under_the_pixel_limit, "806 MB decoded"),
)


def make_all(folder: Path) -> dict[str, Path]:
    """Every case's file, each in a sub-folder of its own (names cannot clash), by kind."""
    made = {}
    for number, case in enumerate(CASES):
        own = folder / f"{number:02}"
        own.mkdir(parents=True, exist_ok=True)
        made[case.kind] = case.make(own)
    return made


def readable_by_us(path: Path) -> bool:
    """False for a file we have no permission to read; root reads every file anyway."""
    return os.access(path, os.R_OK)
