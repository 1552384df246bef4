"""Channel data for diacritic restoration: what tesseract's ENGLISH model makes of Vietnamese text.

Why: scanned plans are OCR'd with `tesseract -l eng`, which turns "của" into "ctia", "số" into "s6" and
"Đảng" into "Pang". The restoration decoder needs P(observed token | true syllable) for exactly that
channel, so we manufacture it: render real diacritised text from the TRAINING documents of the corpus
(diacritics/splits.py) to page images with realistic fonts, sizes, resolutions and scan degradation,
OCR them with `tesseract -l eng --psm 6`, and align the OCR output to the source token by token.

Commands (2 worker processes at most; each tesseract runs single-threaded):

    .venv/bin/python -m diacritics.ocr_channel [--pages N] [--jobs 2]
        -> diacritics/build/channel_counts.tsv        observed<TAB>true<TAB>count (punctuation stripped)
           diacritics/build/channel_counts_punct.tsv  the same with punctuation as OCR'd / as in source
           diacritics/build/channel_multi.tsv         splits and merges ("Nhi ệm" for "Nhiệm", ...)
           diacritics/build/channel_lines.tsv         observed_line<TAB>true_line
    .venv/bin/python -m diacritics.ocr_channel --heldout [--pages N] [--jobs 2]
        -> bench/data/ocr_eng_heldout.tsv             observed_line<TAB>true_line, HELD-OUT documents only,
                                                      same rendering distribution, different RNG seeds

`--save-images DIR` keeps the rendered PNGs (for eyeballing). Everything is deterministic: page i of a
run draws its text and its rendering parameters from an RNG seeded by (run kind, i).
Fonts: fonts-liberation2 and fonts-freefont-ttf (Debian) plus DejaVu; missing fonts are skipped.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import random
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing import Pool
from pathlib import Path
from typing import Iterable, Iterator, Sequence

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import numpy as np  # noqa: E402
from PIL import Image, ImageDraw, ImageFilter, ImageFont  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

from diacritics.splits import CORPUS_ROOT, split  # noqa: E402
from kehoach_cli.vietnamese import strip_marks  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BUILD = Path(__file__).resolve().parent / "build"
HELDOUT_TSV = REPO / "bench" / "data" / "ocr_eng_heldout.tsv"
HELDOUT_MAX_BYTES = 395_000
CHECKPOINT_PAGES = 100

# ---------------------------------------------------------------------------------------------------
# Fonts: Times-like serifs dominate because provincial plans are set in Times New Roman.

FONT_DIRS = {
    "liberation": Path("/usr/share/fonts/truetype/liberation2"),
    "free": Path("/usr/share/fonts/truetype/freefont"),
    "dejavu": Path("/usr/share/fonts/truetype/dejavu"),
}
# family -> (weight, regular, bold, italic)
FONT_FAMILIES: dict[str, tuple[float, str, str, str]] = {
    "LiberationSerif": (
        0.40,
        "liberation/LiberationSerif-Regular.ttf",
        "liberation/LiberationSerif-Bold.ttf",
        "liberation/LiberationSerif-Italic.ttf",
    ),
    "FreeSerif": (0.20, "free/FreeSerif.ttf", "free/FreeSerifBold.ttf", "free/FreeSerifItalic.ttf"),
    "DejaVuSerif": (0.12, "dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf", "dejavu/DejaVuSerif-Italic.ttf"),
    "LiberationSans": (
        0.14,
        "liberation/LiberationSans-Regular.ttf",
        "liberation/LiberationSans-Bold.ttf",
        "liberation/LiberationSans-Italic.ttf",
    ),
    "DejaVuSans": (0.08, "dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf", "dejavu/DejaVuSans-Oblique.ttf"),
    "FreeSans": (0.06, "free/FreeSans.ttf", "free/FreeSansBold.ttf", "free/FreeSansOblique.ttf"),
}
STYLES = ("regular", "bold", "italic")


def font_path(rel: str) -> Path:
    """Absolute path of a font given as '<dir key>/<file>'."""
    key, name = rel.split("/", 1)
    return FONT_DIRS[key] / name


def available_families() -> dict[str, float]:
    """Families whose three styles are installed, with their sampling weights."""
    return {name: spec[0] for name, spec in FONT_FAMILIES.items() if all(font_path(p).exists() for p in spec[1:])}


@lru_cache(maxsize=64)
def load_font(family: str, style: str, px: int) -> ImageFont.FreeTypeFont:
    """A cached FreeType font; BASIC layout draws the precomposed NFC glyphs directly."""
    rel = FONT_FAMILIES[family][1 + STYLES.index(style)]
    return ImageFont.truetype(str(font_path(rel)), px, layout_engine=ImageFont.Layout.BASIC)


# ---------------------------------------------------------------------------------------------------
# Corpus text: paragraphs of prose, cleaned the way a printed page would show them.

TRAIN_WEIGHTS = {
    "tvpl_admin_docs": 0.28,
    "phapluat_8chude_congbao": 0.25,
    "vlc_laws_underthesea": 0.12,
    "alqac2023_law_articles": 0.03,
    "admin_docs_word_recommend": 0.14,
    "viwiki_undertheseanlp": 0.18,
}
HELDOUT_WEIGHTS = {
    "tvpl_admin_docs": 0.40,
    "phapluat_8chude_congbao": 0.35,
    "vlc_laws_underthesea": 0.15,
    "viwiki_undertheseanlp": 0.10,
}
HARD_WRAPPED = {"tvpl_admin_docs", "phapluat_8chude_congbao"}

_PRIVATE_USE = re.compile("[\u0000\ufffd\ue000-\uf8ff]")
_FURNITURE = re.compile(
    r"^\s*(CÔNG BÁO|Người ký|Cơ quan:|Email:|Thời gian ký|Ngày ký|\d{1,4}\s*$|[-_=*]{3,}\s*$|Trang \d+|\|)",
    re.IGNORECASE,
)
_MARKDOWN = re.compile(r"\*\*|__|(?<![\w*])\*(?!\s)|(?<=\S)\*|^#+\s*|^>\s*|\[([^\]]*)\]\([^)]*\)", re.MULTILINE)
_WEB_JUNK = re.compile(
    r"email protected|Rà chuột|so sánh|Văn bản bị thay thế|Tải về|Đăng nhập|Click|Mã số thuế"
    r"|Hiệu lực: Đã biết|Tình trạng: Đã biết|Đang tải|THƯ VIỆN PHÁP LUẬT|Văn bản liên quan"
    r"|chưa cập nhật nội dung|Quý khách"
)
# The legal-library crawl wraps the document body in site furniture: a metadata table before the
# "CỘNG HÒA XÃ HỘI..." header block, a comparison widget and the site footer after it.
_TVPL_HEAD = re.compile(r"^.*CỘNG HÒA XÃ|^.*CỘNG HOÀ XÃ", re.MULTILINE)
_TVPL_TAIL = re.compile(r"^(NỘI DUNG SỬA ĐỔI, HƯỚNG DẪN|Văn bản bị thay thế)", re.MULTILINE)
_PARA_START = re.compile(r"^(Điều \d|Chương [IVXLC\d]|Mục \d|Phần [IVX\d]|\d+(\.\d+)*\.\s|[a-zđ]\)\s|[-+•]\s|Căn cứ)")


def clean_lines(raw: str) -> list[str]:
    """NFC lines without gazette furniture, markdown syntax, table pipes or private-use glyphs."""
    text = _PRIVATE_USE.sub("", unicodedata.normalize("NFC", raw))
    text = _MARKDOWN.sub(lambda m: m.group(1) or "", text)
    lines = [" ".join(ln.split()) for ln in text.splitlines()]
    return [ln for ln in lines if not _FURNITURE.match(ln)]


def is_caps(line: str) -> bool:
    """An ALL-CAPS heading line (at least three letters, none lower-case)."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def join_hard_wrapped(lines: Sequence[str]) -> list[str]:
    """Rebuild paragraphs from PDF-wrapped lines: a new one starts after . : ; or at a list/heading marker."""
    paras: list[str] = []
    for line in lines:
        if not line:
            continue
        prev = paras[-1] if paras else ""
        new = not prev or prev[-1] in ".:;!?" or _PARA_START.match(line) is not None or is_caps(line) != is_caps(prev)
        if new:
            paras.append(line)
        else:
            paras[-1] = prev + " " + line
    return paras


def is_prose(para: str) -> bool:
    """Keep paragraphs that are mostly letters (drops number tables, codes, leftover markup)."""
    chars = [c for c in para if not c.isspace()]
    if len(chars) < 4:
        return False
    letters = sum(c.isalpha() for c in chars)
    return letters / len(chars) >= 0.65 and "|" not in para and "http" not in para and not _WEB_JUNK.search(para)


def document_body(raw: str) -> str:
    """The document without the legal-library crawl's header table and footer (other sources unchanged)."""
    tail = _TVPL_TAIL.search(raw)
    raw = raw[: tail.start()] if tail else raw
    head = _TVPL_HEAD.search(raw)
    if not head:
        return raw
    before = raw[: head.start()].splitlines()
    pipes = [i for i, line in enumerate(before) if line.strip() == "|"]
    # the issuing body sits in the table cell left of the national header: start at its cell border
    start = pipes[-2] if len(pipes) >= 2 and len(before) - pipes[-2] <= 12 else len(before)
    return "\n".join(before[start:]) + "\n" + raw[head.start() :]


@lru_cache(maxsize=48)
def paragraphs_of(path: Path) -> tuple[str, ...]:
    """The prose paragraphs of one corpus document."""
    lines = clean_lines(document_body(path.read_text(encoding="utf-8", errors="replace")))
    source = path.relative_to(CORPUS_ROOT).parts[0]
    paras = join_hard_wrapped(lines) if source in HARD_WRAPPED else [ln for ln in lines if ln]
    return tuple(p.rstrip(" *") for p in paras if is_prose(p))


def group_documents(docs: Iterable[Path]) -> dict[str, list[Path]]:
    """Documents by corpus source folder."""
    groups: dict[str, list[Path]] = {}
    for doc in docs:
        groups.setdefault(doc.relative_to(CORPUS_ROOT).parts[0], []).append(doc)
    return groups


# ---------------------------------------------------------------------------------------------------
# Page specification: what text goes where, and how the page is degraded.


@dataclass
class Line:
    text: str
    style: str = "regular"
    centred: bool = False
    justified: bool = False
    indent: bool = False


@dataclass
class Page:
    page_id: str
    family: str
    pt: float
    dpi: int
    seed: int
    lines: list[Line] = field(default_factory=list)
    degrade: dict[str, float] = field(default_factory=dict)


def page_rng(kind: str, index: int) -> random.Random:
    """Deterministic per-page RNG; the kind ("train"/"heldout") keeps the two runs' draws apart."""
    digest = hashlib.sha256(f"kehoach-ocr-channel/{kind}/{index}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    """One key drawn with probability proportional to its weight."""
    keys = sorted(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


def draw_degradation(rng: random.Random, dpi: int) -> dict[str, float]:
    """Scan artefacts for one page; each is on for part of the pages so clean pages also occur."""
    scale = dpi / 300
    return {
        "ink": rng.uniform(0, 70),
        "rotate": rng.uniform(-1.2, 1.2) if rng.random() < 0.5 else 0.0,
        "blur": rng.uniform(0.3, 1.3) * scale if rng.random() < 0.55 else 0.0,
        "noise": rng.uniform(4, 28) if rng.random() < 0.5 else 0.0,
        "jpeg": float(rng.randint(25, 80)) if rng.random() < 0.45 else 0.0,
        "binarise": 1.0 if rng.random() < 0.35 else 0.0,
    }


def wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Greedy word wrap to a pixel width, as a word processor would."""
    out: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and font.getlength(candidate) > width:
            out.append(current)
            current = word
        else:
            current = candidate
    if current:
        out.append(current)
    return out


def paragraph_lines(para: str, page: Page, width: float, rng: random.Random, justify: bool) -> list[Line]:
    """Lay out one paragraph: short ALL-CAPS headings centred (often bold), "Căn cứ" often italic."""
    px = round(page.pt * page.dpi / 72)
    heading = is_caps(para) and len(para) <= 160
    style = "bold" if heading and rng.random() < 0.7 else "regular"
    if para.startswith("Căn cứ") and rng.random() < 0.5:
        style = "italic"
    elif style == "regular" and rng.random() < 0.04:
        style = "bold"
    wrapped = wrap(para, load_font(page.family, style, px), width)
    lines = [Line(t, style, centred=heading) for t in wrapped]
    if not heading:
        for i, line in enumerate(lines):
            line.justified = justify and i < len(lines) - 1
    return lines


def build_page(
    kind: str, index: int, groups: dict[str, list[Path]], weights: dict[str, float], families: dict[str, float]
) -> Page:
    """Draw fonts, size, resolution, degradation and a run of consecutive paragraphs from one document."""
    rng = page_rng(kind, index)
    dpi = rng.choice([150, 200, 200, 240, 300, 300])
    page = Page(
        f"{kind}-{index:05d}",
        weighted(rng, families),
        rng.choice([11, 12, 12, 13, 13, 14]),
        dpi,
        seed=rng.randrange(2**31),
        degrade=draw_degradation(rng, dpi),
    )
    width = (8.27 - 1.2 - 0.8) * dpi
    target = rng.randint(25, 35)
    justify = rng.random() < 0.6
    weights = {k: v for k, v in weights.items() if groups.get(k)}
    for _ in range(20):  # documents can be short: top up from further documents
        paras = paragraphs_of(rng.choice(groups[weighted(rng, weights)]))
        if not paras:
            continue
        start = rng.randrange(len(paras))
        for para in paras[start : start + 60]:
            page.lines.extend(paragraph_lines(para, page, width, rng, justify))
            if len(page.lines) >= target:
                page.lines = page.lines[:target]
                return page
    return page


# ---------------------------------------------------------------------------------------------------
# Rendering and OCR (runs in the worker processes).


def draw_line(
    draw: ImageDraw.ImageDraw, line: Line, font: ImageFont.FreeTypeFont, x0: float, y: float, width: float, ink: int
) -> None:
    """Draw one line left-aligned, centred or justified (stretched word gaps, as in Word documents)."""
    if line.centred:
        draw.text((x0 + (width - font.getlength(line.text)) / 2, y), line.text, font=font, fill=ink)
        return
    words = line.text.split()
    if not line.justified or len(words) < 2:
        draw.text((x0, y), line.text, font=font, fill=ink)
        return
    gap = (width - sum(font.getlength(w) for w in words)) / (len(words) - 1)
    x = x0
    for word in words:
        draw.text((x, y), word, font=font, fill=ink)
        x += font.getlength(word) + gap


def render(page: Page) -> Image.Image:
    """A clean greyscale page image, cropped below the last line."""
    px = round(page.pt * page.dpi / 72)
    left, right, top = 1.2 * page.dpi, 0.8 * page.dpi, 0.6 * page.dpi
    width_px = round(8.27 * page.dpi)
    leading = px * 1.35
    height_px = round(top * 2 + leading * len(page.lines))
    img = Image.new("L", (width_px, height_px), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(page.lines):
        font = load_font(page.family, line.style, px)
        draw_line(draw, line, font, left, top + i * leading, width_px - left - right, int(page.degrade["ink"]))
    return img


def degrade(img: Image.Image, page: Page) -> Image.Image:
    """Apply the page's scan artefacts: rotation, blur, sensor noise, JPEG compression, binarisation."""
    d = page.degrade
    np_rng = np.random.default_rng(page.seed)
    if d["rotate"]:
        img = img.rotate(d["rotate"], resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    if d["blur"]:
        img = img.filter(ImageFilter.GaussianBlur(d["blur"]))
    if d["noise"]:
        arr = np.asarray(img, dtype=np.float32) + np_rng.normal(0, d["noise"], (img.height, img.width))
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if d["jpeg"]:
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=int(d["jpeg"]))
        img = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    if d["binarise"]:
        arr = np.asarray(img)
        img = Image.fromarray(np.where(arr > otsu_threshold(arr), 255, 0).astype(np.uint8))
    return img


def otsu_threshold(arr: np.ndarray) -> int:
    """Otsu's global threshold, as scanner software binarises."""
    hist = np.bincount(arr.ravel(), minlength=256).astype(np.float64)
    prob = hist / hist.sum()
    omega = np.cumsum(prob)
    mu = np.cumsum(prob * np.arange(256))
    between = (mu[-1] * omega - mu) ** 2 / np.maximum(omega * (1 - omega), 1e-12)
    return int(np.argmax(between))


def ocr(img: Image.Image, dpi: int) -> str:
    """Tesseract's English model, one uniform block of text, as the plan pipeline runs it."""
    import pytesseract

    return pytesseract.image_to_string(img, lang="eng", config=f"--psm 6 --dpi {dpi}")


def process_page(args: tuple[Page, str | None]) -> tuple[Page, str]:
    """Worker: render, degrade, OCR one page (optionally keeping the image)."""
    page, image_dir = args
    img = degrade(render(page), page)
    if image_dir:
        img.save(Path(image_dir) / f"{page.page_id}.png")
    return page, ocr(img, page.dpi)


# ---------------------------------------------------------------------------------------------------
# Alignment.

PUNCT = ".,;:!?()[]{}\"'“”‘’«»…–—-/*_`"
LOOKALIKE = str.maketrans({"6": "o", "0": "o", "1": "l", "4": "a", "¢": "e", "|": "l", "$": "s", "@": "a"})
SPLIT_PENALTY = 0.3
MIN_GROUP_SIM = 0.75  # a split/merge must account for nearly all characters of both sides
MIN_PAIR_SIM = 0.3
MIN_LINE_SIM = 0.6


def strip_punct(token: str) -> str:
    """Token without leading/trailing punctuation (symbols such as ¢ are kept: they stand for letters)."""
    return token.strip(PUNCT)


def key(token: str) -> str:
    """Comparison form: mark-stripped, lower-case, punctuation-free, OCR digit look-alikes folded."""
    return strip_marks(strip_punct(token)).lower().translate(LOOKALIKE)


def similarity(a: str, b: str) -> float:
    """Normalised character similarity of two comparison forms, 0..1."""
    if not a and not b:
        return 1.0
    return Levenshtein.normalized_similarity(a, b)


@dataclass(frozen=True)
class Pair:
    """One alignment step: source tokens and the observed tokens they became (either side may be empty)."""

    true: tuple[str, ...]
    observed: tuple[str, ...]
    sim: float = 0.0

    @property
    def kind(self) -> str:
        n, m = len(self.true), len(self.observed)
        return {(1, 1): "sub", (1, 2): "split", (2, 1): "merge", (1, 0): "del", (0, 1): "ins"}[n, m]


def group_wins(joined_sim: float, single: str, parts: Sequence[str]) -> bool:
    """A split/merge must match nearly all characters and clearly beat pairing `single` with either part.

    Why: otherwise a dropped one-letter word ("việc ở" -> "viéc") would be booked as a merge.
    """
    best_part = max(similarity(single, part) for part in parts)
    return joined_sim >= MIN_GROUP_SIM and joined_sim >= best_part + 0.1


def align_tokens(true: Sequence[str], observed: Sequence[str], allow_groups: bool = True) -> list[Pair]:
    """Minimum-cost alignment of two token sequences.

    Steps: 1:1 substitution (cost 1 - similarity of comparison forms), deletion/insertion (cost 1) and,
    when allowed, 1:2 splits and 2:1 merges (similarity of the joined side, plus a small penalty), so
    "Ủy ban" OCR'd as "Uyban" or "Nhiệm" as "Nhi ệm" align as one unit instead of a substitution plus a gap.
    A split/merge needs similarity >= MIN_GROUP_SIM, else "Tân Phong" -> "Phong" would pass for a merge;
    punctuation-only tokens never join a split or merge (a stray "," is an insertion, not half a word).
    """
    tk, ok = [key(t) for t in true], [key(o) for o in observed]
    n, m = len(true), len(observed)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float]]] = [[(0, 0, 0.0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options: list[tuple[float, int, int, float]] = []
            if i and j:
                s = similarity(tk[i - 1], ok[j - 1])
                options.append((cost[i - 1][j - 1] + 1 - s, 1, 1, s))
            if i:
                options.append((cost[i - 1][j] + 1, 1, 0, 0.0))
            if j:
                options.append((cost[i][j - 1] + 1, 0, 1, 0.0))
            if allow_groups and i and j >= 2 and ok[j - 2] and ok[j - 1]:
                s = similarity(tk[i - 1], ok[j - 2] + ok[j - 1])
                if group_wins(s, tk[i - 1], ok[j - 2 : j]):
                    options.append((cost[i - 1][j - 2] + 1 - s + SPLIT_PENALTY, 1, 2, s))
            if allow_groups and i >= 2 and j and tk[i - 2] and tk[i - 1]:
                s = similarity(tk[i - 2] + tk[i - 1], ok[j - 1])
                if group_wins(s, ok[j - 1], tk[i - 2 : i]):
                    options.append((cost[i - 2][j - 1] + 1 - s + SPLIT_PENALTY, 2, 1, s))
            best = min(options, key=lambda o: o[0])
            cost[i][j] = best[0]
            back[i][j] = best[1:]
    return backtrace(true, observed, back)


def backtrace(true: Sequence[str], observed: Sequence[str], back: list[list[tuple[int, int, float]]]) -> list[Pair]:
    """Recover the alignment steps from the DP back-pointers."""
    pairs: list[Pair] = []
    i, j = len(true), len(observed)
    while i or j:
        di, dj, s = back[i][j]
        pairs.append(Pair(tuple(true[i - di : i]), tuple(observed[j - dj : j]), s))
        i, j = i - di, j - dj
    return pairs[::-1]


def align_lines(true_lines: Sequence[str], observed_lines: Sequence[str]) -> list[tuple[str, str]]:
    """(observed, true) line pairs that match well; dropped, extra or garbled lines are left out."""
    matches = align_tokens(true_lines, observed_lines, allow_groups=False)
    return [(p.observed[0], p.true[0]) for p in matches if p.kind == "sub" and p.sim >= MIN_LINE_SIM]


# ---------------------------------------------------------------------------------------------------
# Tallies.


@dataclass
class Tally:
    """Everything the training run records."""

    pages: int = 0
    lines: int = 0
    tokens: int = 0
    kinds: Counter = field(default_factory=Counter)
    exact: int = 0
    strip_recoverable: int = 0
    counts: Counter = field(default_factory=Counter)
    punct_counts: Counter = field(default_factory=Counter)
    multi: Counter = field(default_factory=Counter)
    line_pairs: list[tuple[str, str]] = field(default_factory=list)

    def add_page(self, page: Page, ocr_text: str) -> None:
        """Align one OCR'd page to its source and count the token pairs."""
        self.pages += 1
        observed_lines = [ln.strip() for ln in ocr_text.splitlines() if ln.strip()]
        for obs_line, true_line in align_lines([ln.text for ln in page.lines], observed_lines):
            self.lines += 1
            self.line_pairs.append((obs_line, true_line))
            for pair in align_tokens(true_line.split(), obs_line.split()):
                self.add_pair(pair)

    def add_pair(self, pair: Pair) -> None:
        """Count one alignment step; 1:1 pairs go to the token tables, splits/merges to the multi table."""
        self.tokens += len(pair.true)
        kind = pair.kind
        if kind in ("sub", "split", "merge") and pair.sim < MIN_PAIR_SIM:
            kind = "unaligned"
        self.kinds[kind] += 1
        if kind == "sub":
            self.add_sub(pair.observed[0], pair.true[0])
        elif kind in ("split", "merge"):
            self.multi[" ".join(pair.observed), " ".join(pair.true), kind] += 1

    def add_sub(self, observed: str, true: str) -> None:
        """Record a 1:1 pair with and without its punctuation; score exactness."""
        self.punct_counts[observed, true] += 1
        obs, tru = strip_punct(observed), strip_punct(true)
        if obs == tru:
            self.exact += 1
        if obs == tru or obs == strip_marks(tru):
            self.strip_recoverable += 1
        if obs and tru:
            self.counts[obs, tru] += 1


def sorted_counts(counts: Counter) -> list[tuple[tuple, int]]:
    """Count descending, then lexicographic."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def write_atomic(path: Path, rows: Iterable[str]) -> None:
    """Write through a temp file and rename, so a concurrent reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(row + "\n")
    os.replace(tmp, path)


def clean_cell(text: str) -> str:
    """A TSV cell: no tabs or newlines."""
    return text.replace("\t", " ").replace("\n", " ")


def write_training(tally: Tally) -> None:
    """The four training files under diacritics/build/."""
    write_atomic(
        BUILD / "channel_counts.tsv",
        (f"{clean_cell(o)}\t{clean_cell(t)}\t{n}" for (o, t), n in sorted_counts(tally.counts)),
    )
    write_atomic(
        BUILD / "channel_counts_punct.tsv",
        (f"{clean_cell(o)}\t{clean_cell(t)}\t{n}" for (o, t), n in sorted_counts(tally.punct_counts)),
    )
    write_atomic(BUILD / "channel_multi.tsv", (f"{o}\t{t}\t{n}\t{k}" for (o, t, k), n in sorted_counts(tally.multi)))
    write_atomic(BUILD / "channel_lines.tsv", (f"{clean_cell(o)}\t{clean_cell(t)}" for o, t in tally.line_pairs))


def summary(tally: Tally, seconds: float) -> str:
    """Human-readable run summary for stderr."""
    subs = tally.kinds["sub"]
    out = [
        f"pages {tally.pages}, aligned lines {tally.lines}, source tokens {tally.tokens}, {seconds:.0f} s",
        f"steps: {dict(tally.kinds)}",
        f"exact {tally.exact / max(tally.tokens, 1):.1%} of tokens ({tally.exact / max(subs, 1):.1%} of 1:1 pairs)",
        f"exact or marks-only-lost {tally.strip_recoverable / max(tally.tokens, 1):.1%} of tokens",
        "top 50 confusions (observed <- true: count):",
    ]
    confusions = [(k, n) for k, n in sorted_counts(tally.counts) if k[0] != k[1]][:50]
    out += [f"  {o!r} <- {t!r}: {n}" for (o, t), n in confusions]
    out.append("top 15 splits/merges:")
    out += [f"  {k} {o!r} <- {t!r}: {n}" for (o, t, k), n in sorted_counts(tally.multi)[:15]]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------------
# Runs.


def pages_for(kind: str, count: int, docs: list[Path], weights: dict[str, float]) -> Iterator[Page]:
    """Page specifications, built lazily in the parent process (it holds the document cache)."""
    groups = group_documents(docs)
    families = available_families()
    for index in range(count):
        yield build_page(kind, index, groups, weights, families)


def run_pages(pages: Iterable[Page], jobs: int, image_dir: str | None) -> Iterator[tuple[Page, str]]:
    """OCR pages on `jobs` worker processes, results in page order."""
    tasks = ((page, image_dir) for page in pages)
    if jobs <= 1:
        yield from map(process_page, tasks)
        return
    with Pool(jobs) as pool:
        yield from pool.imap(process_page, tasks, chunksize=1)


def run_training(pages: int, jobs: int, image_dir: str | None) -> None:
    """Generate the channel counts from training documents."""
    train, _ = split()
    start = time.time()
    tally = Tally()
    for page, text in run_pages(pages_for("train", pages, train, TRAIN_WEIGHTS), jobs, image_dir):
        tally.add_page(page, text)
        if tally.pages % 50 == 0:
            print(
                f"  {tally.pages}/{pages} pages, {tally.tokens} tokens, {time.time() - start:.0f} s",
                file=sys.stderr,
                flush=True,
            )
        if tally.pages % CHECKPOINT_PAGES == 0:  # readers get growing data during a long run
            write_training(tally)
    write_training(tally)
    print(summary(tally, time.time() - start), file=sys.stderr)


def run_heldout(pages: int, jobs: int, image_dir: str | None) -> None:
    """Generate the benchmark's held-out OCR lines, stopping once HELDOUT_MAX_BYTES is reached."""
    _, held = split()
    start = time.time()
    rows: list[str] = []
    size, done = 0, 0
    for page, text in run_pages(pages_for("heldout", pages, held, HELDOUT_WEIGHTS), jobs, image_dir):
        done += 1
        observed_lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        for obs, true in align_lines([ln.text for ln in page.lines], observed_lines):
            row = f"{clean_cell(obs)}\t{clean_cell(true)}"
            if size + len(row.encode()) + 1 > HELDOUT_MAX_BYTES:
                break
            rows.append(row)
            size += len(row.encode()) + 1
        if size + 300 > HELDOUT_MAX_BYTES:
            break
    write_atomic(HELDOUT_TSV, rows)
    print(f"held-out: {done} pages, {len(rows)} lines, {size} bytes, {time.time() - start:.0f} s", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=None, help="pages to render (default 750 / 80 held-out)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (at most 2 on the shared box)")
    parser.add_argument("--heldout", action="store_true", help="write bench/data/ocr_eng_heldout.tsv instead")
    parser.add_argument("--save-images", metavar="DIR", help="keep rendered page PNGs here")
    args = parser.parse_args(argv)
    if args.save_images:
        Path(args.save_images).mkdir(parents=True, exist_ok=True)
    if args.heldout:
        run_heldout(args.pages or 80, args.jobs, args.save_images)
    else:
        run_training(args.pages or 750, args.jobs, args.save_images)


if __name__ == "__main__":
    main()
