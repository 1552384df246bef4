"""The OCR-channel aligner pairs each source token with what tesseract's English model made of it.

Why: a wrong alignment poisons the channel model with pairs like ("ban", "Ủy"). These cases are
hand-made, need no tesseract, and pin the behaviour the channel counts depend on.
"""

from __future__ import annotations

from diacritics.ocr_channel import Tally, align_lines, align_tokens, key, strip_punct


def steps(true: str, observed: str) -> list[tuple[str, str, str]]:
    """(kind, observed, true) per alignment step."""
    return [(p.kind, " ".join(p.observed), " ".join(p.true)) for p in align_tokens(true.split(), observed.split())]


def test_one_to_one_mangled_tokens() -> None:
    assert steps("Ủy ban về quyền trẻ em", "Uy ban vé quyen tré em") == [
        ("sub", "Uy", "Ủy"),
        ("sub", "ban", "ban"),
        ("sub", "vé", "về"),
        ("sub", "quyen", "quyền"),
        ("sub", "tré", "trẻ"),
        ("sub", "em", "em"),
    ]


def test_digit_lookalikes_align_with_their_letters() -> None:
    assert steps("số 5 của Đảng là", "s6 5 ctia Pang 1a") == [
        ("sub", "s6", "số"),
        ("sub", "5", "5"),
        ("sub", "ctia", "của"),
        ("sub", "Pang", "Đảng"),
        ("sub", "1a", "là"),
    ]


def test_split_token() -> None:
    assert steps("thực hiện nhiệm vụ", "thuc hién nhi ém vu") == [
        ("sub", "thuc", "thực"),
        ("sub", "hién", "hiện"),
        ("split", "nhi ém", "nhiệm"),
        ("sub", "vu", "vụ"),
    ]


def test_merged_tokens() -> None:
    assert steps("Ủy ban nhân dân tỉnh", "Uyban nhan dan tinh") == [
        ("merge", "Uyban", "Ủy ban"),
        ("sub", "nhan", "nhân"),
        ("sub", "dan", "dân"),
        ("sub", "tinh", "tỉnh"),
    ]


def test_dropped_and_inserted_tokens() -> None:
    assert steps("Kế hoạch số 12", "K¢ hoach , s6 12") == [
        ("sub", "K¢", "Kế"),
        ("sub", "hoach", "hoạch"),
        ("ins", ",", ""),
        ("sub", "s6", "số"),
        ("sub", "12", "12"),
    ]
    assert [p.kind for p in align_tokens("xã Tân Phong".split(), "x4 Phong".split())] == ["sub", "del", "sub"]


def test_punctuation_stays_on_the_raw_pair_only() -> None:
    tally = Tally()
    for pair in align_tokens(["(của", "Đảng);"], ["(ctia", "Pang),"]):
        tally.add_pair(pair)
    assert tally.punct_counts == {("(ctia", "(của"): 1, ("Pang),", "Đảng);"): 1}
    assert tally.counts == {("ctia", "của"): 1, ("Pang", "Đảng"): 1}
    assert strip_punct("K¢") == "K¢" and key("Đảng,") == "dang"


def test_lines_drop_missing_and_garbled_ones() -> None:
    true = ["Điều 1. Phạm vi điều chỉnh", "Thông tư này hướng dẫn về danh mục", "vị trí việc làm lãnh đạo"]
    observed = ["Diéu 1. Pham vi diéu chinh", "~~ ## ~~", "vi tri viéc lam lanh dao"]
    assert align_lines(true, observed) == [
        ("Diéu 1. Pham vi diéu chinh", "Điều 1. Phạm vi điều chỉnh"),
        ("vi tri viéc lam lanh dao", "vị trí việc làm lãnh đạo"),
    ]


def test_dropped_short_word_is_a_deletion_not_a_merge() -> None:
    assert steps("việc ở nước ngoài", "viéc nuéc ngoai") == [
        ("sub", "viéc", "việc"),
        ("del", "", "ở"),
        ("sub", "nuéc", "nước"),
        ("sub", "ngoai", "ngoài"),
    ]
    assert steps("Ngoại giao", "N goai giao")[0] == ("split", "N goai", "Ngoại")
