"""JSON Schemas of the output contract, as committed under schemas/."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from .models import SCHEMA_VERSION, PlanDocument, TaskRow

SchemaName = Literal["plan-document", "task-record"]
_MODELS: dict[str, type[BaseModel]] = {"plan-document": PlanDocument, "task-record": TaskRow}
_TITLES = {
    "plan-document": "kehoach PlanDocument (output of `kehoach extract --format json`)",
    "task-record": "kehoach task row (one line of `--format jsonl`, one row of `--format csv`)",
}


def json_schema(name: SchemaName) -> dict:
    schema = _MODELS[name].model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://kehoach.invalid/schemas/v{SCHEMA_VERSION}/{name}.schema.json",
        "title": _TITLES[name],
        **{k: v for k, v in schema.items() if k != "title"},
    }
