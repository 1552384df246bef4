"""Issue 3 acceptance points of `kehoach restore` and restore_text not covered elsewhere: per-token JSON
values, every non-word character kept, foreign lines and tables untouched inside Vietnamese text."""

from __future__ import annotations

import json
import re
import unicodedata

from conftest import SEED_002

from kehoach_cli.restore import restore_text


def non_word_skeleton(text: str) -> str:
    """Everything but the word characters: line breaks, spacing, punctuation, in order."""
    return re.sub(r"[^\W_]+|[@¢¥€£©®§&]+", "", text)


def test_restore_json_tokens_carry_original_restored_and_confidence(kehoach):
    run = kehoach("restore", "--json", stdin="uy ban nhan dan tinh\nKon Tum, 2025".encode("utf-8"))
    assert run.code == 0
    detail = json.loads(run.text)
    assert detail["text"] == "ủy ban nhân dân tỉnh\nKon Tum, 2025"
    tokens = detail["tokens"]
    assert [t["original"] for t in tokens] == ["uy", "ban", "nhan", "dan", "tinh", "Kon", "Tum", "2025"]
    assert [t["restored"] for t in tokens][:5] == ["ủy", "ban", "nhân", "dân", "tỉnh"]
    assert tokens[-1]["restored"] == "2025" and tokens[-1]["confidence"] == 1.0
    source = "uy ban nhan dan tinh\nKon Tum, 2025"
    for t in tokens:
        assert source[t["start"] : t["end"]] == t["original"]
        assert 0.0 <= t["confidence"] <= 1.0


def test_every_non_word_character_is_kept_on_the_english_ocr_seed() -> None:
    text = unicodedata.normalize("NFC", SEED_002.read_text(encoding="utf-8"))
    out = restore_text(text).text
    assert len(out.split("\n")) == len(text.split("\n"))
    assert non_word_skeleton(out) == non_word_skeleton(text)
    assert out != text


def test_english_lines_and_number_tables_inside_vietnamese_are_left_alone() -> None:
    english = "The Committee recommends that the State party strengthen its data collection."
    table = "| 1 | 2.500 | 3,75 |\n| 4 | 5 | 6 |"
    text = f"uy ban nhan dan tinh ban hanh ke hoach\n{english}\n{table}\ntrien khai thuc hien quyet dinh"
    lines = restore_text(text).text.split("\n")
    assert lines[0] == "ủy ban nhân dân tỉnh ban hành kế hoạch"
    assert lines[1] == english
    assert "\n".join(lines[2:4]) == table
    assert lines[4] == "triển khai thực hiện quyết định"


def test_capitals_codes_and_abbreviations_are_kept() -> None:
    out = restore_text("QUYET DINH so 27/QD-TTg cua Thu tuong ve HIV/AIDS tai UBND tinh").text
    assert out == "QUYẾT ĐỊNH số 27/QĐ-TTg của Thủ tướng về HIV/AIDS tại UBND tỉnh"


def test_per_token_detail_indexes_the_text() -> None:
    result = restore_text("Ke hoach so 12 ve tre em")
    assert [t.original for t in result.tokens] == ["Ke", "hoach", "so", "12", "ve", "tre", "em"]
    assert [t.restored for t in result.tokens] == ["Kế", "hoạch", "số", "12", "về", "trẻ", "em"]
    assert result.restored_tokens == 5
    assert result.low_confidence_tokens(1.01) == len(result.tokens)


def test_plain_restore_command_lines_skip_the_cli_framework() -> None:
    from kehoach_cli.launch import plain_restore

    assert plain_restore(["restore"]) == ("-", False)
    assert plain_restore(["restore", "a.txt", "--json"]) == ("a.txt", True)
    assert plain_restore(["restore", "--json", "-"]) == ("-", True)
    for args in (["restore", "--help"], ["-q", "restore"], ["restore", "a", "b"], ["text", "a"], []):
        assert plain_restore(args) is None


def test_plain_restore_runs_exactly_as_the_typer_command(tmp_path):
    import os
    import subprocess
    import sys

    from conftest import run_kehoach

    good = tmp_path / "in.txt"
    good.write_text("uy ban nhan dan tinh\nKon Tum, 2025", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfa")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    typer_app = "import sys; from kehoach_cli.launch import main; sys.argv[0] = 'kehoach'; main()"
    for args in (
        ["restore", str(good)],
        ["restore", "--json", str(good)],
        ["restore", str(bad)],
        ["restore", str(tmp_path / "missing.txt")],
        ["restore"],
    ):
        fast = run_kehoach(*args, stdin=good.read_bytes())
        # launch.main with "-q" takes the typer path; -q changes nothing for restore
        slow = subprocess.run(
            [sys.executable, "-c", typer_app, "-q", *args],
            input=good.read_bytes(),
            capture_output=True,
            env=env,
            timeout=600,
        )
        assert (fast.code, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr.decode()), args
