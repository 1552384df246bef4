"""Run the metadata extractor over the corpus plans (../shared/corpus/tvpl_admin_docs, PLANS.txt)
and print one block per plan, to eyeball: `python bench/plans_metadata.py [CORPUS_DIR]`.

The crawled Markdown keeps bold/italic marks and "|" lines of the flattened header table; they
are dropped before the text goes through the structure stage as a text page.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from kehoach_cli.ingest import PageText
from kehoach_cli.structure import structure_document

DEFAULT_CORPUS = Path("/work/shared/corpus/tvpl_admin_docs")


def markdown_to_text(markdown: str) -> str:
    lines = []
    for line in markdown.replace("*", "").splitlines():
        if re.fullmatch(r"\s*(\||-{3,})\s*", line):
            lines.append("")
        else:
            lines.append(line)
    return "\n".join(lines)


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    for name in (corpus / "PLANS.txt").read_text().split():
        text = markdown_to_text((corpus / "docs" / name).read_text(encoding="utf-8"))
        plan = structure_document([PageText(number=1, text=text, source="text")])
        meta = {k: v for k, v in vars(plan.metadata).items() if k != "warnings"}
        meta["tasks"] = len(plan.tasks)
        meta["task_leads"] = sorted({t.lead_agency or "-" for t in plan.tasks})[:6]
        print(name, json.dumps(meta, ensure_ascii=False))


if __name__ == "__main__":
    main()
