import json

from conftest import ROOT

from kehoach_cli.schema import json_schema


def test_committed_schemas_match_the_models(kehoach):
    for name in ("plan-document", "task-record"):
        committed = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert committed == json_schema(name), f"schemas/{name}.schema.json drifted: run `make schemas`"
        printed = kehoach("schema", name)
        assert printed.code == 0
        assert json.loads(printed.text) == committed


def test_default_schema_is_the_plan_document(kehoach):
    assert json.loads(kehoach("schema").text)["title"].startswith("kehoach PlanDocument")


def test_contract_field_names_are_present():
    plan = json_schema("plan-document")
    defs = plan["$defs"]
    assert {"schema_version", "source", "metadata", "tasks", "quality"} <= set(plan["properties"])
    assert {"path", "sha256", "kind", "pages", "page_sources"} <= set(defs["Source"]["properties"])
    assert {
        "issuer",
        "province",
        "doc_number",
        "issued_date",
        "place",
        "title",
        "signer_name",
        "signer_title",
        "legal_bases",
        "reporting_deadlines",
    } <= set(defs["Metadata"]["properties"])
    assert {
        "section",
        "section_title",
        "stt",
        "task",
        "lead_agency",
        "lead_agency_canonical",
        "partner_agencies",
        "timeline",
        "timeline_kind",
        "origin",
        "page",
        "confidence",
    } <= set(defs["TaskRecord"]["properties"])
    row = json_schema("task-record")
    assert {"doc_number", "province", "source_path"} <= set(row["properties"])
