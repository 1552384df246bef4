"""Coverage-guided fuzzing (atheris) of the PDF ingest path: bytes in, pages or an InputError out.

    python fuzz/fuzz_pdf_ingest.py [CORPUS_DIR] [libFuzzer flags, e.g. -runs=100000]

`read_pdf` is what every PDF goes through (pdfium opens and repairs, pdfplumber lays out, with
OCR off). A refusal is a KehoachError; anything else that escapes it is a crash, and libFuzzer
writes the input to crash-<hash>. An empty CORPUS_DIR is first filled with small seed PDFs
(tests/bad_inputs.py makes them). Crashes found become files in tests/data/fuzz/, which
tests/test_fuzz.py replays.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent

with atheris.instrument_imports(include=["kehoach_cli", "pdfplumber", "pdfminer"]):
    from kehoach_cli.errors import KehoachError
    from kehoach_cli.ingest.pdf import read_pdf


def test_one_input(data: bytes) -> None:
    try:
        read_pdf("fuzz.pdf", data)
    except KehoachError:
        pass  # a clear refusal is the right answer to a bad file


def write_seeds(corpus: Path) -> None:
    """Small PDFs, good and bad, for the fuzzer to mutate: it finds the PDF syntax from them."""
    sys.path.insert(0, str(ROOT / "tests"))
    import bad_inputs

    corpus.mkdir(parents=True, exist_ok=True)
    seeds = {
        "one-page.pdf": bad_inputs.text_pdf(pages=1),
        "three-pages.pdf": bad_inputs.text_pdf(pages=3, text="STT Noi dung Co quan chu tri"),
        "page-tree-loop.pdf": bad_inputs.pdf_bytes(
            [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]
        ),
        "truncated.pdf": bad_inputs.text_pdf(pages=2)[:400],
    }
    for name, data in seeds.items():
        (corpus / name).write_bytes(data)


def main() -> None:
    dirs = [Path(arg) for arg in sys.argv[1:] if not arg.startswith("-")]
    for corpus in dirs[:1]:
        if not corpus.exists() or not any(corpus.iterdir()):
            write_seeds(corpus)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
