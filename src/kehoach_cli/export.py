"""Export stage: JSON (documents), JSON Lines and CSV (one task per row).

CSV starts with a UTF-8 byte-order mark so that Excel opens Vietnamese text correctly, and
list fields are joined with "; ".
"""

from __future__ import annotations

import csv
import io
import json
from typing import Literal

from .models import PlanDocument, TaskRow

Format = Literal["json", "jsonl", "csv"]
LIST_SEPARATOR = "; "


def task_rows(documents: list[PlanDocument]) -> list[TaskRow]:
    """Each task with its document's keys, so rows from many plans can be stacked."""
    return [
        TaskRow(**task.model_dump(), doc_number=doc.metadata.doc_number, province=doc.metadata.province,
                source_path=doc.source.path)
        for doc in documents
        for task in doc.tasks
    ]


def render(documents: list[PlanDocument], fmt: Format, *, as_list: bool = False) -> str:
    """The whole output as text; `as_list` makes JSON an array even for a single document."""
    if fmt == "json":
        payload = [d.model_dump(mode="json") for d in documents]
        return json.dumps(payload if as_list or len(payload) != 1 else payload[0], ensure_ascii=False, indent=2) + "\n"
    rows = task_rows(documents)
    if fmt == "jsonl":
        return "".join(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in rows)
    return to_csv(rows)


def to_csv(rows: list[TaskRow]) -> str:
    columns = list(TaskRow.model_fields)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        record = row.model_dump(mode="json")
        writer.writerow({k: LIST_SEPARATOR.join(v) if isinstance(v, list) else v for k, v in record.items()})
    return buffer.getvalue()
