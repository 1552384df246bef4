"""docs/report.png: the report of a 20-plan batch, as headless Chromium draws it (README "Report").

The 20 plans: the samples that need no OCR (text copies, Word files, native PDFs) and, to make
twenty, the first plans listed in ../shared/corpus/tvpl_admin_docs/PLANS.txt (text copies of real
plans, read as .txt). Run: PYTHONPATH=src .venv/bin/python scripts/report-screenshot.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CORPUS = ROOT.parent / "shared" / "corpus" / "tvpl_admin_docs"
PLANS = 20


def build_folder(folder: Path) -> None:
    folder.mkdir(parents=True)
    chosen = [
        p
        for p in sorted(SAMPLES.iterdir())
        if p.suffix in (".txt", ".docx", ".pdf")
        and "scan" not in p.name
        and "rotated" not in p.name
        and "eng-layer" not in p.name
    ]
    for path in chosen[:PLANS]:
        shutil.copy(path, folder / path.name)
    names = (CORPUS / "PLANS.txt").read_text(encoding="utf-8").split()
    for name in names[: PLANS - len(chosen)]:
        shutil.copy(CORPUS / "docs" / name, folder / (Path(name).stem + ".txt"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="Keep the batch folder here.")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import Browser, screenshot

    with tempfile.TemporaryDirectory(prefix="kehoach-screenshot-") as tmp:
        base = args.keep or Path(tmp)
        folder, out = base / "plans", base / "out"
        build_folder(folder)
        done = subprocess.run(
            [sys.executable, "-m", "kehoach_cli", "batch", folder, "-o", out, "--ocr", "never", "--quiet"], check=False
        )
        if done.returncode not in (0, 1):
            return done.returncode
        with Browser(base / "profile") as browser:
            page = browser.open((out / "report.html").as_uri())
            screenshot(page, ROOT / "docs" / "report.png", width=1200, height=1500)
    print(ROOT / "docs" / "report.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
