"""Restore stage with the real packaged model: issue examples, invariants, bad input, seed accuracy floor."""

from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path

import pytest

from kehoach_cli.restore import restore_text
from kehoach_cli.restore.model import MODEL_DIR, load_model
from kehoach_cli.restore.syllables import canonical, transfer_case
from kehoach_cli.vietnamese import vietnamese_score

ROOT = Path(__file__).resolve().parent.parent
SEED_REF = ROOT / "tests" / "data" / "seed002.reference.txt"
SEED_OCR = ROOT / "samples" / "002_e026816938ea239d.txt"
SEED_FLOOR = 0.95  # 97.5 % reached on these lines at commit time, minus a margin (bench (c) covers the body)


def fold(text: str) -> str:
    """Tone placement folded, case kept."""
    return re.sub(r"\w+", lambda m: transfer_case(m.group(0), canonical(m.group(0))), text)


def restored(text: str) -> str:
    return restore_text(text).text


@pytest.mark.parametrize(
    ("observed", "expected"),
    [
        ("uy ban nhan dan tinh", "ủy ban nhân dân tỉnh"),
        ("Thuc hien quyet dinh cua Thu tuong Chinh phu", "Thực hiện quyết định của Thủ tướng Chính phủ"),
        (
            "cac chu truong ciia Pang, chinh sach phap luat cia Nha nudc vé tré em",
            "các chủ trương của Đảng, chính sách pháp luật của Nhà nước về trẻ em",
        ),
        ("Pay manh cong tac tuyén truyén chu truong ctia Pang", "Đẩy mạnh công tác tuyên truyền chủ trương của Đảng"),
        ("Quyét dinh s6 27/QD-TTg", "Quyết định số 27/QĐ-TTg"),
        ("ban hanh K¢ hoach trién khai", "ban hành Kế hoạch triển khai"),
        ("Uy ban vé quyen tré em", "Ủy ban về quyền trẻ em"),
        ("an sinh x4 hoi", "an sinh xã hội"),
        ("nhat 1a nguoi dung dau", "nhất là người đứng đầu"),
        ("Giam déc S@ Y té tinh", "Giám đốc Sở Y tế tỉnh"),
        ("can bo k¥ thuat va nhan vién", "cán bộ kỹ thuật và nhân viên"),
        ("hoat d6ng cua cac co quan", "hoạt động của các cơ quan"),
        ("Uu tién nguon luc cho tré em", "Ưu tiên nguồn lực cho trẻ em"),
    ],
)
def test_issue_examples(observed: str, expected: str) -> None:
    assert fold(restored(observed)) == fold(expected)


def test_correct_text_is_untouched() -> None:
    text = "Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện Quyết định số 27/QĐ-TTg ngày 03/01/2025."
    assert restored(text) == text


def test_mixed_text_keeps_correct_words() -> None:
    text = "Hoạt động của các cơ quan Nhà nước, UBND tỉnh và HIV/AIDS"
    assert restored(text) == text


def test_document_tone_placement_is_kept() -> None:
    text = "Cộng hoà xã hội chủ nghĩa Việt Nam, Uỷ ban nhân dân tỉnh"
    assert restored(text) == text


def test_case_line_breaks_and_spacing_kept() -> None:
    text = "KE HOACH\n\n  Trien khai thuc hien\r\nUBND tinh Kon Tum\n"
    out = restored(text)
    assert out.count("\n") == text.count("\n") and "\r\n" in out and out.startswith("KẾ HOẠCH\n\n  ")
    assert "UBND" in out and "Kon Tum" in out


def test_codes_numbers_urls_kept() -> None:
    text = "Số: 501/KH-UBND ngày 17/02/2025, xem https://congbao.chinhphu.vn/van-ban/abc-123 về HIV/AIDS"
    out = restored(text)
    for keep in ("501/KH-UBND", "17/02/2025", "https://congbao.chinhphu.vn/van-ban/abc-123", "HIV/AIDS"):
        assert keep in out


def test_english_paragraph_left_alone() -> None:
    text = "The Committee recommends that the State party strengthen its data collection system on children."
    assert restored(text) == text


def test_table_of_numbers_left_alone() -> None:
    text = "1 | 2.500 | 3,75\n4 | 5 | 6\n"
    assert restored(text) == text


def test_empty_input() -> None:
    result = restore_text("")
    assert result.text == "" and result.tokens == []


def test_tokens_report_changes_and_confidence() -> None:
    result = restore_text("uy ban nhan dan tinh Kon Tum")
    assert result.restored_tokens >= 4
    assert all(0.0 <= t.confidence <= 1.0 for t in result.tokens)
    assert [t.original for t in result.tokens][:2] == ["uy", "ban"]


def test_vietnamese_score_separates_inputs() -> None:
    good = "Ủy ban nhân dân tỉnh ban hành kế hoạch thực hiện quyền trẻ em"
    assert vietnamese_score(good) > 0.6
    assert vietnamese_score("uy ban nhan dan tinh ban hanh ke hoach") < 0.2
    assert vietnamese_score("") == 0.0


def test_one_megabyte_line() -> None:
    line = ("uy ban nhan dan tinh trien khai ke hoach " * 26000)[:1_000_000]
    t0 = time.perf_counter()
    out = restored(line)
    elapsed = time.perf_counter() - t0
    assert "\n" not in out and out.startswith("ủy ban nhân dân tỉnh") or out.startswith("Ủy")
    print(f"1 MB line restored in {elapsed:.1f} s")


def test_model_is_compact_and_loads_fast() -> None:
    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir() if p.is_file())
    assert size <= 40 * 1024 * 1024
    t0 = time.perf_counter()
    load_model()
    assert time.perf_counter() - t0 < 2.0  # 0.5 s target; loose for loaded CI machines


@pytest.mark.skipif(not SEED_REF.exists(), reason="hand reference not written yet")
def test_seed_002_first_80_lines_accuracy_floor() -> None:
    ref = unicodedata.normalize("NFC", SEED_REF.read_text(encoding="utf-8")).split("\n")[:80]
    obs = SEED_OCR.read_text(encoding="utf-8").split("\n")[:80]
    got = restored("\n".join(obs)).split("\n")
    assert len(got) == len(obs)
    correct = total = 0
    for g, r in zip(got, ref):
        gw, rw = fold(g).split(), fold(r).split()
        if len(gw) == len(rw):
            correct += sum(a == b for a, b in zip(gw, rw))
            total += len(rw)
    assert total > 500
    assert correct / total >= SEED_FLOOR


def test_correctly_marked_seed_000_is_left_alone() -> None:
    text = unicodedata.normalize("NFC", (ROOT / "samples" / "000_e2d9b21277a96cb4.txt").read_text(encoding="utf-8"))
    result = restore_text(text)
    assert result.restored_tokens <= 2
    assert result.text.count("\n") == text.count("\n")


def test_mixed_text_repairs_only_the_stripped_words() -> None:
    out = restored("Hoạt động của cac cơ quan Nhà nước về quyen trẻ em")
    assert out == "Hoạt động của các cơ quan Nhà nước về quyền trẻ em"


def test_document_cache_prior_favours_the_documents_reading() -> None:
    from kehoach_cli.restore.decoder import Decoder

    prior, disputed = Decoder._prior({7: 3}, (9, 7), 9, 1.0)
    assert disputed and prior[1] > prior[0]
    prior, disputed = Decoder._prior({7: 3}, (7, 9), 7, 1.0)
    assert not disputed and prior[0] > prior[1]
    assert Decoder._prior({5: 2}, (7, 9), 7, 1.0) == ((), False)  # no evidence for these candidates


def test_file_names_and_identifiers_are_not_restored() -> None:
    """A folder's README lists its files: restoration made "lamdong_ttr91_kh_kmt_2026_scan.pdf" into
    "lượng_ttr91_..." and "bca_kh996_kiemsoat_matuy_2026_scan.pdf" into "bca_khô_kiemsoat_máy_...". A word with
    one underscore may be an English-model OCR speck, and is still restored."""
    text = "file lamdong_ttr91_kh_kmt_2026_scan.pdf va bca_kh996_kiemsoat_matuy cua so ke hoach 91.pdf"
    assert restore_text(text).text == (
        "file lamdong_ttr91_kh_kmt_2026_scan.pdf và bca_kh996_kiemsoat_matuy của sở kế hoạch 91.pdf"
    )
