"""The plan's identity: issuer, number, place and date, title, signer, legal bases, reporting deadlines."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache

from pydantic import Field

from ..data_files import word_list
from ..gazetteer import Province, provinces
from ..models import Metadata
from ..people import is_position, person_name_shape
from ..vietnamese import fold
from .agency_lists import names_agency
from .lines import SIGNATURE_MARK_TITLE, Line, Paragraph, appendix_start, is_upper_heading

# The symbol keeps its small letters ("TTr", "QĐ-TTg") and a unit in brackets ("TTr-CAT(PC04)"); OCR
# may read the slash as a fraction slash ("1105⁄KH-ĐKT").
# A number and its symbol, "12/KH-UBND", "55/2025/TT-BCT" (OCR may space the hyphens or turn the slash).
NUMBER_AND_SYMBOL = (
    r"(\d{1,5})\s*[/⁄∕]\s*((?:\d{4}/)?[A-ZĐ][A-ZĐa-zđ]{0,5}"
    r"(?:\s*-\s*[A-ZĐ0-9][A-ZĐa-zđ0-9&]{0,11}){0,3}(?:\([A-ZĐ0-9]{1,10}\))?)"
)
DOC_NUMBER = re.compile(rf"Số\s*:?\s*{NUMBER_AND_SYMBOL}")
# The day may be unreadable in a bad scan ("ngày /7 tháng 02"): the place is still worth having.
PLACE_DATE = re.compile(r"([^\s,:;/][^,:;]{0,40}?),\s*ngày\s+(\S{1,3})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
DATE_LINE = re.compile(r"(?:[^\W\d][^,:;]{0,40},\s*)?[Nn]gày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
SIGNING_DATE_REACH = 3  # lines between a form's date and the first signer's role under it
INSTRUMENT_KIND = (
    r"(?:Quyết định|Nghị định|Nghị quyết|Thông tư(?: liên tịch)?|Chỉ thị|Kết luận|Kế hoạch(?: hành động)?"
    r"|Công văn|Văn bản|Công điện|Thông báo(?: kết luận)?|Tờ trình|Hướng dẫn|Chương trình hành động)"
)
# A law is cited by its name before the number: "Luật Tổ chức chính quyền địa phương số 72/2025/QH15".
LAW_KIND = r"(?:Bộ luật|Luật|Pháp lệnh)"
# Where an issuer ends: the verb that follows it ("... của UBND tỉnh thực hiện Nghị quyết ...").
# ("... của Chính phủ Ban hành chương trình ...": the verb may be capitalised.)
ISSUER_END = r"(?:[Bb]an hành|về|[Pp]hê duyệt|[Tt]hực hiện|[Qq]uy định|[Ss]ửa đổi|[Hh]ướng dẫn|[Tt]riển khai|tại)"
NUMBER = (
    r"\d{1,5}(?:\.\d{1,2})?(?:/\d{4})?/[A-ZĐ][A-ZĐa-zđ]{0,5}\d{0,2}(?:(?:-\s?|\s-)[A-ZĐa-zđ0-9]{1,12}){0,3}"
    r"|\d{1,5}-[A-ZĐ]{1,5}/[A-ZĐ]{1,6}"
)  # party style: "66-NQ/TW", "14-KH/TU", "02-KH/BCĐTW"
INSTRUMENT_HEAD = (
    rf"(?:(?P<kind>{INSTRUMENT_KIND})|(?P<law>{LAW_KIND})(?:\s+[^\s\d,;.:()/]+){{1,12}}?(?=\s+số\s))"
    rf"\s+(?:(?:số|s|s6|sô)\s+)?(?P<number>{NUMBER})"
    r"(?:,?\s+ngày\s+(?P<date>\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?"
    rf"(?:\s+của\s+(?P<issuer>[^,.;:()]+?)(?=\s+(?:{ISSUER_END}|{INSTRUMENT_KIND}|{LAW_KIND})\b|[,.;:(]|$))?"
)
HEAD = re.compile(INSTRUMENT_HEAD)
INSTRUMENT = re.compile(
    INSTRUMENT_HEAD + r"(?:\s+(?:[Bb]an hành|về|[Pp]hê duyệt)\s+(?:việc\s+)?(?P<title>[^.;()]+?)"
    rf"(?=,\s*(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\b|\s+và\s+(?:{INSTRUMENT_KIND}|{LAW_KIND})\s+(?:số\s+)?\d"
    r"|[.;()]|$))?"
)
# A word that names an instrument, numbered or not ("các Quyết định của Thủ tướng Chính phủ: ...").
KIND_WORD = re.compile(rf"{INSTRUMENT_KIND}|{LAW_KIND}\b")
# The sentences that state the plan's bases, and those that only say who proposed it.
BASIS_OPENER = (
    r"Căn cứ|Thực hiện|Triển khai|Thi hành|Tiếp tục (?:triển khai|thực hiện)"
    r"|(?:Để|Nhằm) (?:triển khai|thực hiện|cụ thể hóa|cụ thể hoá)"
)
OTHER_OPENER = (
    r"Theo đề nghị|Xét đề nghị|Theo (?:ý kiến|chỉ đạo)|QUYẾT ĐỊNH|Điều \d|Nơi nhận"
    r"|\((?:Ban hành )?[Kk]èm theo|KẾ HOẠCH\b"
)
CLAUSE_START = re.compile(rf"(?P<basis>{BASIS_OPENER})\b|(?:{OTHER_OPENER})")
# Between two instruments cited side by side ("Nghị quyết số 57-NQ/TW ... và Nghị quyết số 68-NQ/TW").
COORDINATION = re.compile(r"^[\s,]*(?:và|cùng)?(?:\s+các)?\s*$")
# A well-formed instrument code: "27/QĐ-TTg", "45/2025/NĐ-CP", "27/TTr-SLĐTBXH".
CODE_SHAPE = re.compile(
    r"^\d{1,5}(?:\.\d{1,2})?(?:/\d{4})?/(?:QĐ|NĐ|NQ|TT|CT|KH|CV|TTr|HD|HĐ|BC|TB|QH\d*|UBTVQH\d*)"
    r"(?:-[A-ZĐ][A-Za-zĐđ0-9]*)*$|^\d{1,5}-(?:NQ|KH|KHHĐ|CT|CTr|QĐ|KL|HD|TB|CV)/[A-ZĐ]{1,6}$"
)
# "trước ngày 30/11", "trước ngày 10 tháng 6"; OCR may damage the first letters ("#rước ngày").
# A monthly deadline names the day only ("trước ngày 15 hằng tháng").
DEADLINE = re.compile(
    r"(?:tr|[^\s\w]r?)ước\s+ngày\s+(\d{1,2})(?:\s*(?:/|\s+tháng\s+)(\d{1,2})"
    r"(?:\s*(?:/|\s+năm\s+)(\d{4}))?|(?=\s+h[àằ]ng\s+tháng\b))"
)
# Recurrences, in folded text; "ngày 16 tháng 12" is no "6 tháng", "theo quy định" no quarter.
RECURRENCES = (
    ("semiannual", re.compile(r"(?<!ngay )\b(?:0?6|sau) thang\b")),
    ("annual", re.compile(r"\b(?:hang|moi) nam\b")),
    ("quarterly", re.compile(r"\b(?:hang|moi|tung) quy\b|\bquy (?:i{1,3}|iv|[1-4])\b")),
    ("monthly", re.compile(r"\b(?:hang|moi) thang\b")),
)
HEADER_SEARCH_LINES = 80
ACCOUNT_LINES = 12  # a page about a document gives its account of it in its opening paragraphs
HEADER_LINES = 14  # the header block from its first line: issuer, motto, number, place and date, wrapped
NUMBER_BELOW_LINES = 12  # how far under the document's first line (or its issuer, or motto) "Số: ..." stands
EXAMPLE = re.compile(r"(?:\(|ví dụ)[^()]{0,20}$", re.IGNORECASE)  # what opens a number given as an example
TYPE_SEARCH_LINES = 30
MOTTO_AFTER_ISSUER_LINES = 3  # capitals lines of the issuer's name above the motto, rules not counted
MAX_NAME_TAIL_WORDS = 4  # a header name's last words wrapped to the next line ("THÀNH PHỐ HÀ NỘI")
# The national motto, beside the issuer on a header line, or wrapped onto lines of its own.
MOTTO = re.compile(r"\s*(?:C[ỘỌO]NG\s+H(?:[ÒOÓ]A|OÀ)|Độc lập|(?:XÃ\s+)?HỘI\s+CHỦ\s+NGHĨA)\b.*$")
SIGNATURE_OPENERS = ("TM.", "TM ", "KT.", "KT ")
INLINE_MARK = re.compile(rf"(?:^|\s)({SIGNATURE_MARK_TITLE})")  # "- Lưu: VT, NC. <tab> KT. CHỦ TỊCH"
MAX_SPECK_CHARS = 2  # an OCR speck before a name ("à Đậu Xuân Bảo"): a short token with no capital
SIGNATURE_WINDOW = 12  # lines from the recipients' opening to the signer's name, interleaved
RECIPIENTS_REACH = 40  # lines a list of recipients may run before the signature block follows it
SIGNATURE_MARK = re.compile(r"^(TM\.|KT\.|Q\.|TL\.|CHỦ TỊCH|PHÓ CHỦ TỊCH)")
PLAN_SECTION_KEYS = ("nhiem vu", "to chuc thuc hien", "giai phap")  # folded
PREAMBLE_OPENERS = ("can cu", "thuc hien", "theo de nghi", "xet de nghi", "nham ", "de ")  # folded


class MetadataDraft(Metadata):
    """The contract's metadata as the structure stage reads it: the citations still plain dicts
    (the records stage validates them and adds province_successor), and the reading's warnings,
    which go to the quality block."""

    legal_bases: list[dict] = Field(default_factory=list)  # type: ignore[assignment]
    reporting_deadlines: list[dict] = Field(default_factory=list)  # type: ignore[assignment]
    warnings: list[str] = Field(default_factory=list)


def extract_metadata(
    lines: list[Line], preamble: list[Paragraph], body: list[Paragraph], signature: list[Line] | None = None
) -> MetadataDraft:
    """Read the header block, the title, the preamble's citations and the signature.

    `signature` is the signature column when the page layout gives it; it sits beside the
    recipients ("Nơi nhận"), so in plain text lines the two interleave.
    """
    draft = MetadataDraft()
    start = header_start(lines)
    header = " ".join(line.text for line in lines[start : start + HEADER_LINES])
    _read_number(header, draft)
    _read_place_date(header, draft)
    if draft.issued_date is None:
        draft.issued_date = _signing_date(lines)
    _read_issuer(lines[start : start + 8], draft)
    draft.doc_type = document_type(lines[start : start + TYPE_SEARCH_LINES], draft.doc_number, header)
    if draft.doc_number is None and draft.doc_type is None and draft.issuer is None:
        _read_account(lines[start : start + ACCOUNT_LINES], draft)
    draft.title = _read_title(lines)
    draft.legal_bases = legal_bases("\n".join(p.text for p in preamble), draft.doc_number)
    draft.reporting_deadlines = reporting_deadlines(body)
    # An appendix's forms have signature blocks of their own ("TM. TỔ CHỨC" / "(Chữ ký, dấu)"): not the signer's.
    draft.signer_title, draft.signer_name = _read_signature(signature or lines[: appendix_start(lines)])
    return draft


RULE = re.compile(r"[-–—_=*]{3,}")  # the rule under the issuer or the motto
BLANK_NUMBER = re.compile(r"^\W*Số\s*:\W*(?:…|\.){2,}")  # "Số: ……/……", "Số: .../QĐ-UBND": a form's blank
BLANK = re.compile(r"(?:…|\.){4,}")  # a run of dots or ellipses left for a name, a figure or a date
MIN_FORM_BLANKS = 5


def is_blank_form(lines: list[Line]) -> bool:
    """Whether the document is a blank form ("Mẫu số 10"): its own number is left as dots ("Số: …/…") and
    its text has more blanks for names and figures ("Căn cứ Luật .....", "Giao cho ..."). A blank form
    assigns no work: whoever fills it in does. A signed PDF's blank number ("Số: /UBND-KT") has no dots."""
    number = next((line for line in lines[:HEADER_SEARCH_LINES] if line.text.lstrip("* ").startswith("Số")), None)
    if number is None or not BLANK_NUMBER.match(number.text):
        return False
    return sum(len(BLANK.findall(line.text)) for line in lines) >= MIN_FORM_BLANKS


def header_start(lines: list[Line]) -> int:
    """Where the header block starts: the first line, unless a cover or a web page's banner comes
    first and the issuer line ("ỦY BAN NHÂN DÂN", in capitals as headers print it) with a "Số: ..."
    number below it comes later (a banner's summary may open a line with "Ủy ban nhân dân ...")."""
    if DOC_NUMBER.search(" ".join(line.text for line in lines[:NUMBER_BELOW_LINES])):
        return 0
    for index in range(min(len(lines), HEADER_SEARCH_LINES)):
        opening = " ".join(later.text for later in lines[index : index + 2])  # "ỦY" / "BAN NHÂN DÂN"
        if (
            opening.isupper()
            and fold(opening).startswith("uy ban nhan dan")
            and DOC_NUMBER.search(" ".join(later.text for later in lines[index : index + NUMBER_BELOW_LINES]))
        ):
            return index
    for index in range(min(len(lines), HEADER_SEARCH_LINES)):
        # The national motto stands beside the issuer in every header (Nghị định 30/2020/NĐ-CP): the
        # issuer's lines ("VĂN PHÒNG CHÍNH" / "PHỦ") come just before it where the columns are read apart.
        opening = fold(" ".join(later.text for later in lines[index : index + 2]))
        if "cong hoa xa hoi chu nghia" in opening and DOC_NUMBER.search(
            " ".join(later.text for later in lines[index : index + NUMBER_BELOW_LINES])
        ):
            return _issuer_lines_before(lines, index)
    return 0


def _issuer_lines_before(lines: list[Line], motto: int) -> int:
    """Where the issuer's lines start above the motto: the capitals lines and rules ("-------") right
    before it, at most MOTTO_AFTER_ISSUER_LINES of words ("HỘI ĐỒNG NHÂN" / "DÂN" / "THÀNH PHỐ HÀ NỘI")."""
    start, words = motto, 0
    while start > 0 and words < MOTTO_AFTER_ISSUER_LINES:
        text = lines[start - 1].text.strip(" *|")
        if RULE.fullmatch(text):
            start -= 1
            continue
        if not text or not _in_capitals(text):
            break
        start, words = start - 1, words + 1
    return start


@dataclass(frozen=True)
class DocType:
    """A type of administrative document: its name, the code its numbers carry, and whether it is
    made to hand out work (a plan) or may only report on it (a letter)."""

    name: str
    code: str
    titled_alone: bool  # its title may go on past its name ("THÔNG BÁO KẾT LUẬN CỦA ...")
    assigns: bool


@cache
def doc_types() -> tuple[DocType, ...]:
    rows = [line.split("\t") for line in word_list("doc_types.txt")]
    return tuple(DocType(name, code, more == "longer", use == "assigns") for name, code, more, use in rows)


def assigns_work(doc_type: str | None) -> bool:
    """Whether documents of this type are made to hand out work."""
    return any(kind.name == doc_type and kind.assigns for kind in doc_types())


def document_type(lines: list[Line], doc_number: str | None, header: str) -> str | None:
    """The type the title names ("KẾ HOẠCH", "CHỈ THỊ" alone on a line in capitals), else a letter
    ("V/v ..." under a number: a letter has a summary where other types have a title, and its number's
    code may be its issuer's, as "5467/CT-CS" of Cục Thuế), else the type the number's code gives
    ("…/QĐ-UBND")."""
    for line in lines:
        if titled := titled_type(line):
            return titled
    if doc_number and re.search(r"\bV/v\b", header):
        return "Công văn"
    code = _type_code(doc_number)
    return next((kind.name for kind in doc_types() if code and kind.code == code), None)


def titled_type(line: Line) -> str | None:
    """The type a capitals title line names ("ĐIỀU LỆ (SỬA ĐỔI, BỔ SUNG)" -> "Điều lệ"), else None."""
    if not is_upper_heading(line.text):
        return None
    text = fold(line.text).strip(" *:.")
    return next(
        (
            kind.name
            for kind in doc_types()
            if text == fold(kind.name) or text.startswith(fold(kind.name) + " ") and kind.titled_alone
        ),
        None,
    )


def _type_code(doc_number: str | None) -> str | None:
    """ "123/KH-UBND" -> "KH"; "45/2025/QĐ-UBND" -> "QĐ"; party style "02-KH/TU" -> "KH"."""
    if not doc_number:
        return None
    match = re.search(r"/([A-ZĐa-z]{1,4})-", doc_number) or re.search(r"^\d+-([A-ZĐa-z]{1,4})/", doc_number)
    return match[1] if match else None


def is_issuer(agency: str | None, draft: MetadataDraft) -> bool:
    """Whether `agency` is the document's own issuer or its chairman ("Ủy ban nhân dân tỉnh ban hành Kế
    hoạch ...", "Chủ tịch UBND tỉnh yêu cầu ..."): the committee that writes a plan gives no duty to itself."""
    if not agency or not draft.issuer:
        return False
    folded = " ".join(fold(agency).replace("ubnd", "uy ban nhan dan").split()).removeprefix("chu tich ")
    issuer = " ".join(fold(draft.issuer).replace("ubnd", "uy ban nhan dan").split()).removeprefix("chu tich ")
    province = fold(draft.province or "")
    return (
        folded == issuer or bool(province) and folded in (f"{issuer} {province}", issuer.removesuffix(f" {province}"))
    )


def looks_like_plan(lines: list[Line], draft: MetadataDraft, section_titles: list[str]) -> bool:
    """A plan says so: a "KẾ HOẠCH" title, a "…/KH-…" number, or a task section ("NHIỆM VỤ",
    "TỔ CHỨC THỰC HIỆN"). A letter ("Kính gửi: ...") or an invoice has none of them."""
    if draft.doc_number and re.search(r"/KH\b|\bKH-|-KH\b", draft.doc_number):
        return True
    if any(fold(line.text).strip("* ").startswith("ke hoach") for line in lines[:30]):
        return True
    return any(key in fold(title) for title in section_titles for key in PLAN_SECTION_KEYS)


@cache
def _account() -> re.Pattern[str]:
    """A page's account of the document it is about: "Ngày 25/11/2025, UBND tỉnh Cà Mau đã ban hành Kế hoạch
    0205/KH-UBND ...", "Ngày 10 tháng 12 năm 2025, ... ban hành Thông báo 251/TB-UBND"."""
    kinds = "|".join(re.escape(kind.name) for kind in doc_types())
    return re.compile(
        r"\b[Nn]gày\s+(\d{1,2})(?:\s*/\s*|\s+tháng\s+)(\d{1,2})(?:\s*/\s*|\s+năm\s+)(\d{4}),\s+"
        rf"(?P<issuer>[^,.;:]{{3,80}}?)\s+(?:đã\s+)?ban hành\s+(?P<kind>(?i:{kinds}))\s+(?:số\s+)?{NUMBER_AND_SYMBOL}"
    )


def _read_account(lines: list[Line], draft: MetadataDraft) -> None:
    """Type, number, date and issuer of the document a web page is about, from its account of it, where the
    text has no header of its own (a news page, a page of questions and answers on a plan)."""
    for line in lines:
        match = _account().search(line.text)
        if match is None:
            continue
        draft.doc_type = next(kind.name for kind in doc_types() if fold(kind.name) == fold(match["kind"]))
        code = re.sub(r"\s+", "", match[7])  # groups 6 and 7: NUMBER_AND_SYMBOL's, after the named ones
        draft.doc_number = f"{match[6]}/{code}"
        draft.issued_date = iso_date(int(match[3]), int(match[2]), int(match[1]))
        draft.issuer = match["issuer"].strip()
        draft.warnings.append(
            f"no document header: type, number, date and issuer read from the text's account of it: '{match.group(0)}'"
        )
        return


def _read_number(header: str, draft: MetadataDraft) -> None:
    """The header's "Số: 12/KH-UBND"; not a number given as an example ("(ví dụ: Số: 01/2017/QĐ-TA)" in a
    form's instructions): a header's number is never in parentheses."""
    match = next((m for m in DOC_NUMBER.finditer(header) if not EXAMPLE.search(header[: m.start()])), None)
    if match:
        code = re.sub(r"\s+", "", match[2])
        draft.doc_number = f"{match[1]}/{code}"


def _read_place_date(header: str, draft: MetadataDraft) -> None:
    header = DOC_NUMBER.sub(" ", header)
    match = PLACE_DATE.search(header)
    if not match:
        return
    draft.place = match[1].strip().split("  ")[-1].strip()
    day = _ocr_digits(match[2])
    draft.issued_date = iso_date(int(match[4]), int(match[3]), day)
    written = match.group(0).split(",", 1)[1].strip()
    if draft.issued_date is None:
        draft.warnings.append(f"issued date is unreadable: '{written}'")
    elif not match[2].isdigit():
        draft.warnings.append(f"issued date read through OCR damage: '{written}' taken as {draft.issued_date}")


def _signing_date(lines: list[Line]) -> str | None:
    """The date a form without a dated header carries over its signatures ("Ngày 20 tháng 5 năm 2026"
    on a line of its own, then "NGƯỜI LẬP PHIẾU TRÌNH"): a line that is a date and nothing else, with a
    line in capitals (a signer's role) right under it."""
    for index, line in enumerate(lines):
        match = DATE_LINE.fullmatch(line.text.strip())
        below = [later.text.strip() for later in lines[index + 1 : index + 1 + SIGNING_DATE_REACH]]
        if match and any(text.isupper() and len(text.split()) >= 2 for text in below):
            return iso_date(int(match[3]), int(match[2]), int(match[1]))
    return None


# Digits a scan misreads as a stroke or a letter: the "1" of "17" read as "/", "|", "l" or "I".
OCR_DIGITS = str.maketrans({"/": "1", "|": "1", "l": "1", "I": "1", "!": "1", "O": "0", "o": "0"})


def _ocr_digits(text: str) -> int:
    """A day number as a bad scan prints it ("/7" for 17); 0 when it is not one."""
    repaired = text.translate(OCR_DIGITS)
    return int(repaired) if repaired.isdigit() and any(c.isdigit() for c in text) else 0


def iso_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _read_issuer(lines: list[Line], draft: MetadataDraft) -> None:
    """The issuer sits top-left ("ỦY BAN NHÂN DÂN" / "TỈNH KON TUM"); a province name confirms it."""
    folded = [fold(line.text) for line in lines]
    for index in range(len(folded)):
        if "uy ban nhan dan" not in " ".join(folded[index : index + 2]):  # "ỦY" / "BAN NHÂN DÂN" too
            continue
        following = " ".join(folded[index : index + 4])  # the name may sit a column away
        province = _province_after(following)
        if province:
            # "CHỦ TỊCH ỦY BAN NHÂN DÂN" / "TỈNH NINH BÌNH": the chairman issues in his own name (a "QĐ-CTUBND")
            chairman = re.search(r"\bchu tich\s+uy\s*ban nhan dan", " ".join(folded[max(0, index - 1) : index + 2]))
            _set_issuer(draft, province, chairman is not None)
            return
    # A bad scan may lose the "ỦY BAN NHÂN DÂN" line; a "…/KH-UBND" number still names the issuer.
    province = _province_after(" ".join(folded[:4]))
    if province and draft.doc_number and draft.doc_number.endswith("UBND"):
        _set_issuer(draft, province)
        return
    # The province may only show in the place line ("Kon Tum, ngày ...").
    if draft.place:
        for province in provinces():
            if fold(province.name) == fold(draft.place):
                draft.province = province.name
    draft.issuer = draft.issuer or _header_body(lines)


def _header_body(lines: list[Line]) -> str | None:
    """The body named in the header's left column, as written, when it is no People's Committee: the
    lowest capitals line naming a body before the number ("BỘ CÔNG AN" / "CÔNG AN TỈNH LÂM ĐỒNG", "SỞ
    NỘI VỤ", "VĂN PHÒNG CHÍNH PHỦ"), or the office that issues in its own name ("THỦ TƯỚNG" / "CHÍNH PHỦ");
    the motto beside it on the same line is cut off. A name's first word may stand alone on its line
    ("BỘ" / "CÔNG THƯƠNG", "CỤC" / "HẢI QUAN" under "BỘ TÀI CHÍNH")."""
    texts = _header_texts(lines)
    found, open_name = None, False
    for index, (text, whole) in enumerate(texts):
        upper = bool(text) and _in_capitals(text)
        if upper and whole and " " not in text and index + 1 < len(texts):
            joined = f"{text} {texts[index + 1][0]}"
            if found is None or _names_body(joined):
                texts[index + 1] = (joined, texts[index + 1][1])
                continue
        if upper and open_name and found and _national(text):
            found = f"{found} {text}"  # "VĂN PHÒNG" / "CHÍNH PHỦ", "THỦ TƯỚNG" / "CHÍNH PHỦ": its office
        elif upper and _names_body(text):
            found, open_name = text, whole
        elif upper and open_name and found and len(text.split()) <= MAX_NAME_TAIL_WORDS:
            found = f"{found} {text}"  # "VĂN PHÒNG CHÍNH" / "PHỦ"
        else:
            open_name = False
    return found


def _header_texts(lines: list[Line]) -> list[tuple[str, bool]]:
    """The header's left-column texts before the number, each without the motto beside it, and whether
    it was the whole line."""
    texts: list[tuple[str, bool]] = []
    for line in lines:
        if DOC_NUMBER.search(line.text) or line.text.startswith("Số"):
            break
        text = MOTTO.split(line.text)[0].strip(" -*")
        texts.append((text, text == line.text.strip(" -*")))
    return texts


def _names_body(text: str) -> bool:
    return names_agency(text) or text.startswith(word_list("signer_positions.txt")) or _national(text)


def _national(text: str) -> bool:
    """A national body that issues in its own name ("CHÍNH PHỦ", "QUỐC HỘI"; data/national_issuers.txt)."""
    return fold(text) in _national_names()


@cache
def _national_names() -> frozenset[str]:
    return frozenset(fold(name) for name in word_list("national_issuers.txt"))


def _in_capitals(text: str) -> bool:
    """A header line in capitals, a lone short word too ("BỘ" has two letters, below is_upper_heading's three)."""
    return is_upper_heading(text) or text.isupper()


def _set_issuer(draft: MetadataDraft, province: Province, chairman: bool = False) -> None:
    kind = "thành phố" if province.kind == "thành phố" else "tỉnh"
    draft.issuer = f"{'Chủ tịch ' if chairman else ''}Ủy ban nhân dân {kind} {province.name}"
    draft.province = province.name


def _province_after(folded_text: str) -> Province | None:
    best = None
    for province in provinces():
        for prefix in ("tinh ", "thanh pho "):
            if f"{prefix}{fold(province.name)}" in folded_text and (
                best is None or len(province.name) > len(best.name)
            ):
                best = province
    return best


def _read_title(lines: list[Line]) -> str | None:
    """The lines after "KẾ HOẠCH" up to the preamble ("Căn cứ ...", "Thực hiện ...") or a blank line."""
    for index, line in enumerate(lines[:25]):
        if fold(line.text) != "ke hoach":
            continue
        parts: list[str] = []
        for following in lines[index + 1 : index + 8]:
            opener = fold(following.text).startswith(PREAMBLE_OPENERS)
            if parts and (following.blank_before or opener) or re.match(r"^[IVX]+\.\s", following.text):
                break
            parts.append(following.text)
        return " ".join(parts) or None
    return None


def legal_bases(preamble: str, own_number: str | None = None) -> list[dict]:
    """Instruments the plan states as its bases, each once, in order of first mention.

    Bases are what the "Căn cứ ..." clauses and the opening "Thực hiện ..." / "Triển khai ..."
    sentence cite directly. An instrument named only inside another's description ("Nghị quyết
    số 03/NQ-CP ... thực hiện Nghị quyết số 57-NQ/TW", "... được sửa đổi tại Luật số ...") is
    not, nor a proposal ("Theo đề nghị của Sở ... tại Tờ trình số ..."), nor the plan itself.
    In damaged text one citation comes out in several spellings ("27/QĐ-TTg", "27/QP-TTg"):
    a malformed code is dropped when a well-formed one carries the same number.
    """
    found: dict[str, dict] = {}
    own = _compact(own_number) if own_number else None
    for clause in _basis_clauses(preamble):
        for match in _cited_directly(clause):
            number = _compact(match["number"])
            if number == own or match["kind"] == "Tờ trình" or "/TTr-" in number:
                continue
            _add_basis(found, number, match)
    well_formed = {number.split("/")[0] for number in found if CODE_SHAPE.match(number)}
    bases = [
        basis for number, basis in found.items() if CODE_SHAPE.match(number) or number.split("/")[0] not in well_formed
    ]
    mentions = Counter(_compact(head["number"]) for head in HEAD.finditer(preamble))
    return [basis for basis in bases if not any(_misread_of(basis, other, mentions) for other in bases)]


def _misread_of(basis: dict, other: dict, mentions: Counter) -> bool:
    """True when `basis` is a misreading of `other`: the same code, date and issuer, a number one
    digit apart ("227/QĐ-TTg" for 27/QĐ-TTg), and fewer mentions in the preamble."""
    number, code = basis["number"].split("/", 1)
    other_number, other_code = other["number"].split("/", 1)
    if (
        basis is other
        or code != other_code
        or basis["date"] is None
        or (basis["date"], basis["issuer"]) != (other["date"], other["issuer"])
    ):
        return False
    return _one_edit_apart(number, other_number) and mentions[basis["number"]] < mentions[other["number"]]


def _one_edit_apart(a: str, b: str) -> bool:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long = sorted((a, b), key=len)
    return len(long) == len(short) + 1 and any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _compact(number: str) -> str:
    """The number without spaces; a doubled Đ ("912/QĐĐ-BKHCN", OCR seeing one letter twice) single."""
    return re.sub(r"ĐĐ+", "Đ", re.sub(r"\s+", "", number))


def _basis_clauses(preamble: str) -> list[str]:
    """The stretches of text from a basis opener ("Căn cứ", "Thực hiện", ...) to the next opener
    of any kind or the end of the sentence."""
    starts = list(CLAUSE_START.finditer(preamble))
    clauses = []
    for index, start in enumerate(starts):
        if not start["basis"]:
            continue
        end = starts[index + 1].start() if index + 1 < len(starts) else len(preamble)
        text = preamble[start.end() : end]
        sentence_end = re.search(r"\.(?=\s+[A-ZĐÀ-Ỹ]|\s*$)", text)
        clauses.append(text[: sentence_end.start()] if sentence_end else text)
    return clauses


def _cited_directly(clause: str) -> list[re.Match]:
    """The instruments a clause cites itself, part by part (parts split at ";" and ":").

    A part's first instrument is cited if the part opens with it (not "các Quyết định của ...").
    A later one joined by "," or "và" stands at the level of the instrument mentioned just
    before it: "Nghị định số 63/2010/NĐ-CP ... về kiểm soát thủ tục hành chính và Nghị định số
    92/2017/NĐ-CP" cites both, "Kế hoạch số 17/KH-UBND về thực hiện Nghị quyết số 71/NQ-CP ... và
    Kế hoạch số 07-KH/TU" cites only the first. Any other mention sits inside a description.
    A mention in brackets ("(Nghị quyết số 50/NQ-CP)") names again one already mentioned.
    """
    cited = []
    for part in re.split(r"[;:]", clause):
        lead = KIND_WORD.search(part)
        if lead is None:
            continue
        levels: dict[str, bool] = {}  # number -> cited directly
        previous: bool | None = None  # whether the last mention is cited directly
        for head in HEAD.finditer(part, lead.start()):
            number = _compact(head["number"])
            before = part[: head.start()]
            if previous is None:
                direct = head.start() == lead.start()
            elif before.rstrip().endswith("(") and number in levels:
                direct = levels[number]
            else:
                direct = previous and bool(re.search(r"(?:,|\bvà|\bvà các)\s*$", before))
            levels.setdefault(number, direct)
            previous = direct
            instrument = INSTRUMENT.match(part, head.start())
            if direct and instrument:
                cited.append(instrument)
    return cited


def _add_basis(found: dict[str, dict], number: str, match: re.Match) -> None:
    title = match["title"].strip() if match["title"] else None
    basis = found.setdefault(number, {"number": number, "date": None, "issuer": None, "title": None})
    # A later mention may say what the first one left out (date, issuer, subject).
    basis["date"] = basis["date"] or (_parse_date(match["date"]) if match["date"] else None)
    issuer = re.sub(r"\s+và$", "", match["issuer"].strip()) if match["issuer"] else None  # "... và Kế hoạch số"
    basis["issuer"] = basis["issuer"] or issuer
    basis["title"] = basis["title"] or (f"{title[0].upper()}{title[1:]}" if title else None)


def _parse_date(text: str) -> str | None:
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    return iso_date(numbers[2], numbers[1], numbers[0]) if len(numbers) == 3 else None


def reporting_deadlines(body: list[Paragraph]) -> list[dict]:
    """Deadlines attached to reporting duties ("báo cáo ... trước ngày 30/11 hằng năm")."""
    deadlines: list[dict] = []
    for paragraph in body:
        if "báo cáo" not in paragraph.text.lower():
            continue
        for clause in re.split(r"(?<=[.;,)])\s+(?=[^\d])", paragraph.text):
            matches = list(DEADLINE.finditer(clause))
            for index, match in enumerate(matches):
                # One clause may hold two deadlines ("... trước ngày 15/6 và hằng năm ... trước ngày 05/12"):
                # each takes the recurrence said right after it ("trước ngày 30/11 hằng năm"), else the one
                # said since the deadline before.
                after = clause[match.end() : matches[index + 1].start() if index + 1 < len(matches) else None]
                before = clause[matches[index - 1].end() if index else 0 : match.start()]
                year = int(match[3]) if match[3] else None
                deadlines.append(
                    {
                        "text": clause.strip(" ,;."),
                        "frequency": _frequency(" ".join(after.split()[:2]), before, paragraph.text, year),
                        "day": int(match[1]),
                        "month": int(match[2]) if match[2] else None,
                        "year": year,
                    }
                )
    return deadlines


def _frequency(after: str, before: str, paragraph: str, year: int | None) -> str | None:
    """Recurrence said next to the deadline, else "once" for a dated deadline ("trước ngày 15/12/2026"),
    else the recurrence the paragraph states."""
    texts = (fold(after), fold(before)) if year else (fold(after), fold(before), fold(paragraph))
    return _recurrence(texts) or ("once" if year else None)


def _recurrence(texts: tuple[str, ...]) -> str | None:
    for text in texts:
        for name, pattern in RECURRENCES:
            if pattern.search(text):
                return name
    return None


def _read_signature(lines: list[Line]) -> tuple[str | None, str | None]:
    """The last signature block: title lines ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH") then the signer's name.

    The block opens with "TM." (on behalf of the committee), or with "KT." when a vice-chairman
    signs without it; the last such mark is where the titles below the name start.
    """
    for index in range(len(lines) - 1, -1, -1):
        if not lines[index].text.startswith(SIGNATURE_OPENERS):
            continue
        title_lines = []
        block = lines[index + 1 : index + 6]
        for position, line in enumerate(block):
            # A name wrapped in a narrow column: "Bùi" / "Xuân Cường", "Lê Tấn" / "Cận".
            following = block[position + 1].text if position + 1 < len(block) else ""
            wrapped = f"{line.text} {following}"
            if SIGNATURE_MARK.match(line.text) or line.text.isupper():
                title_lines.append(line.text)
            elif (len(line.text.split()) == 1 or len(following.split()) == 1) and _looks_like_name(wrapped):
                return (title_lines[-1] if title_lines else None), wrapped
            elif _looks_like_name(line.text):
                return (title_lines[-1] if title_lines else None), line.text
            else:
                break
        if title_lines:
            return title_lines[-1], _name_among_recipients(lines[index + 1 :])
        return None, _name_among_recipients(lines[index + 1 :])
    return _signature_beside_recipients(lines)


def _signature_beside_recipients(lines: list[Line]) -> tuple[str | None, str | None]:
    """The signature block where plain text interleaves it with the recipients ("Nơi nhận: KT. CHỦ TỊCH"
    / "- Như trên;" / "PHÓ CHỦ TỊCH" / ... / "Nguyễn Thành Sinh", or "- Lưu: VT. <tab> KT. CHỦ TỊCH"): from
    the last line that opens the recipients or holds a signature mark, its titles (the mark and what
    follows it, upper-case lines) and the first line after them that is a name alone. A scan's text may
    give the block after a list of recipients longer than that reach: then it starts at the first
    position alone after the list ("- Lưu: VT, KTTH" / "CHỦ TỊCH" / "Đặng Văn Minh")."""
    anchors = [i for i, line in enumerate(lines) if line.text.startswith("Nơi nhận") or INLINE_MARK.search(line.text)]
    if not anchors:
        return None, None
    found = _block_from(lines, anchors[-1])
    if found[0] is None:
        reach = lines[anchors[-1] + SIGNATURE_WINDOW : anchors[-1] + RECIPIENTS_REACH]
        after = next((i for i, line in enumerate(reach) if is_position(line.text)), None)
        if after is not None:
            return _block_from(lines, anchors[-1] + SIGNATURE_WINDOW + after)
    return found


def _block_from(lines: list[Line], start: int) -> tuple[str | None, str | None]:
    """The titles and the name of a signature block read from `start` (see above)."""
    titles: list[tuple[int, str]] = []
    end = _appendix_after(lines, start)
    for position in range(start, min(start + SIGNATURE_WINDOW, end)):
        text = lines[position].text
        mark = INLINE_MARK.search(text)
        tail = text.partition(":")[2].strip() if text.startswith("Nơi nhận") else ""
        candidate = text[mark.start(1) :].strip() if mark else tail or text
        if is_position(candidate) and not candidate.startswith(("-", "+")):
            titles.append((position, candidate))
    if not titles:
        return None, None
    # The name stands under the titles, which may close the window ("- Lưu: VT." / "CHỦ TỊCH" / name).
    return titles[-1][1], _name_among_recipients(lines[titles[0][0] : end])


def _appendix_after(lines: list[Line], start: int) -> int:
    """Where an appendix that follows the signature starts ("PHỤ LỤC"): nothing from there is the block's."""
    return next((i for i in range(start, len(lines)) if lines[i].text.upper().startswith("PHỤ LỤC")), len(lines))


def _name_among_recipients(lines: list[Line]) -> str | None:
    """The first line within the signature's reach that is a name alone, past the recipients' lines
    ("- Như trên;"); a rank before it ("Thiếu tướng") is not part of it."""
    window = lines[:SIGNATURE_WINDOW]
    for position, line in enumerate(window):
        text = line.text
        if text.startswith(("-", "+", "Nơi nhận")) or text.isupper():
            continue
        words = text.split()
        while len(words) > 1 and len(words[0]) <= MAX_SPECK_CHARS and not words[0][:1].isupper():
            words = words[1:]  # OCR's specks before the name ("à Đậu Xuân Bảo")
        text = " ".join(words)
        for rank in word_list("signer_ranks.txt"):
            if text.startswith(rank + " "):
                text = text[len(rank) + 1 :]
                break
        following = window[position + 1].text if position + 1 < len(window) else ""
        if len(following.split()) == 1 and _looks_like_name(f"{text} {following}"):
            return f"{text} {following}"  # a name wrapped in a narrow column: "Lê Hải" / "Hòa"
        if _looks_like_name(text):
            return text
    return None


def _looks_like_name(text: str) -> bool:
    """A person's name (people.person_name_shape) and no body's name ("Bộ Y" of "- Bộ Y tế;")."""
    return person_name_shape(text) and not names_agency(text)
