"""The compiled decoder loop and the numpy path must restore text identically (choices and confidences)."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest
from conftest import SEED_000, SEED_002

from kehoach_cli.restore.decoder import BEAM, PRUNE_MARGIN, Decoder, native_loop
from kehoach_cli.restore.model import default_model
from kehoach_cli.restore.tokens import split_text, tokenize
from kehoach_cli.vietnamese import strip_marks

needs_native = pytest.mark.skipif(native_loop is None, reason="compiled loop not built (no C compiler at install)")


def texts() -> list[str]:
    """Stripped prose, English-model OCR, correctly marked text and a mixture."""
    seed0 = unicodedata.normalize("NFC", SEED_000.read_text(encoding="utf-8"))
    seed2 = SEED_002.read_text(encoding="utf-8")
    return [
        strip_marks(seed0),
        seed2,
        seed0[:4000],
        "Hoạt động của cac cơ quan Nhà nước về quyen trẻ em, UBND tỉnh va HIV/AIDS.\n\nKE HOACH s6 27/QD-TTg",
    ]


@needs_native
@pytest.mark.parametrize("index", range(4))
def test_native_and_numpy_paths_agree(index: int) -> None:
    model = default_model()
    text = texts()[index]
    tokens = tokenize(text)
    fast = Decoder(model, native=True).decode(text, tokens)
    slow = Decoder(model, native=False).decode(text, tokens)
    assert fast[0] == slow[0]
    assert fast[1] == slow[1]  # same local scores, same shared softmax: the same bits
    changed = sum(a != t.text for a, t in zip(fast[0], tokens))
    assert changed <= 2 if index == 2 else changed > 5  # marked text stays, the others are repaired


@needs_native
@pytest.mark.parametrize("index", [2, 3])
def test_native_and_numpy_paths_agree_on_the_tone_check(index: int) -> None:
    # The tone check searches wider (every tone variant, no bigram margin): both loops must still agree.
    gaps, words = split_text(texts()[index].replace("đề nghị", "để nghị"))
    fast = Decoder(default_model(), native=True).decode_repairs(gaps, words)
    slow = Decoder(default_model(), native=False).decode_repairs(gaps, words)
    assert fast == slow


@needs_native
def test_native_loop_rejects_inconsistent_arrays() -> None:
    decoder = Decoder(default_model(), native=True)
    ids = np.asarray([decoder.unk], np.int64)
    chan = np.zeros(1, np.float32)
    starts = np.asarray([0, 1], np.int64)
    out = np.empty(1, np.int64), np.empty(1, np.int64), np.empty((2, BEAM), np.float32)  # one row too many
    with pytest.raises(ValueError, match="sizes"):
        native_loop.decode(decoder._native_tables(), ids, chan, starts, starts, BEAM, PRUNE_MARGIN, *out)
    out = np.empty(1, np.int64), np.empty(1, np.int64), np.empty((1, BEAM), np.float32)
    with pytest.raises(ValueError, match="cover every unit"):
        native_loop.decode(
            decoder._native_tables(), ids, chan, starts, np.asarray([0, 0], np.int64), BEAM, PRUNE_MARGIN, *out
        )
    with pytest.raises(ValueError, match="live candidate"):
        native_loop.decode(
            decoder._native_tables(), ids, np.full(1, -1e9, np.float32), starts, starts, BEAM, PRUNE_MARGIN, *out
        )
    bad_id = np.asarray([10**9], np.int64)
    out = np.empty(1, np.int64), np.empty(1, np.int64), np.empty((1, BEAM), np.float32)
    with pytest.raises(ValueError, match="out of range"):
        native_loop.decode(decoder._native_tables(), bad_id, chan, starts, starts, BEAM, PRUNE_MARGIN, *out)


def test_numpy_path_is_chosen_on_request() -> None:
    decoder = Decoder(default_model(), native=False)
    assert decoder.native is None
    text = "uy ban nhan dan tinh"
    assert decoder.decode(text, tokenize(text))[0] == ["ủy", "ban", "nhân", "dân", "tỉnh"]


@needs_native
def test_compiled_splitter_matches_the_regex_on_every_code_point() -> None:
    from kehoach_cli.restore import tokens

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for text in [every, *texts()[:3], "", " ", "ab", " a1 ¢ b_c\n", "S@ K¢ k¥ 27/QĐ-TTg"]:
        parts = tokens._SPLIT_WORDS.split(text)
        assert native_loop.split_words(text, tokens.OCR_LETTER_SYMBOLS) == (parts[0::2], parts[1::2])


@needs_native
def test_compiled_alignment_matches_the_python_loop() -> None:
    from kehoach_cli.restore.candidates import EDIT_DELETE, EDIT_INSERT, CandidateGenerator

    gen = CandidateGenerator(default_model())
    observed = ["", "a", "chirc", "ngtra", "nhi€ém", "Ethanol", "K¢", "S@", "QH15", "ÁBC", "ddeeff"]
    true = ["", "a", "chức", "ngừa", "nhiệm", "thanh", "kế", "sở", "quyết", "ác", "đề"]
    for obs in observed:
        for syl in true:
            expected = gen._edit_score_py(obs, syl)
            assert native_loop.edit_score(obs, syl, gen._pair_memo, gen._char_lp, EDIT_INSERT, EDIT_DELETE) == expected
