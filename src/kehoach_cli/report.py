"""The HTML report: one self-contained page drawn from the SQLite output (database.py).

Everything is inline: CSS, SVG charts drawn here, a few lines of script for the filter box, and a
Content-Security-Policy that forbids the page any request, so it opens from a mail attachment or a
USB stick as it does from the batch folder. Sections: totals, the plans, tasks per lead agency (the
gazetteer's name and, beside it, the holders after the 2025 reorganisation), deadlines by quarter,
the tasks table with its filter, warnings and failed files.

The report is read from the database with queries and written to its file piece by piece, and the
tasks table shows at most `max_rows` tasks (the database holds them all), so the memory used does not
grow with the batch and the page stays quick on a phone. Output is deterministic: no date, no
random ids.
"""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import __version__
from .atomic import replaced_atomically
from .database import DATABASE, fill, write_database
from .errors import KehoachError

if TYPE_CHECKING:
    from .models import PlanDocument

REPORT = "report.html"
MAX_TABLE_ROWS = 2000  # tasks shown in the table; the database and tasks.csv have every one
TOP_AGENCIES = 15  # bars per agency chart; the others are one "other agencies" bar
MAX_QUARTERS = 48  # a deadline chart wider than this shows only the quarters that have deadlines

_STYLE = """
:root{--ink:#1d2733;--muted:#5b6675;--line:#d8dee6;--bar:#2f6db5;--bar2:#c0622b;--bg:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;color:var(--ink);background:#fff;line-height:1.45;
font-family:"Noto Sans","Segoe UI",Roboto,"Helvetica Neue",Arial,"DejaVu Sans","Liberation Sans",sans-serif}
main{max-width:1200px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:.2em 0 .6em}h2{font-size:1.15rem;margin:1.6em 0 .5em;border-bottom:1px solid var(--line)}
.totals{display:flex;flex-wrap:wrap;gap:8px;padding:0;margin:0;list-style:none}
.totals li{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:120px}
.totals b{display:block;font-size:1.3rem}
.wrap{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:var(--bg);position:sticky;top:0}
td.n,th.n{text-align:right;white-space:nowrap}
td.task{min-width:18em;white-space:pre-line}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:16px}
figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}
svg{width:100%;height:auto;font-family:inherit}
svg text{font-size:11px;fill:var(--ink)}
.note{color:var(--muted);font-size:.88rem}
input[type=search]{width:100%;max-width:32em;font:inherit;padding:6px 8px;border:1px solid #9aa5b1;border-radius:4px}
@media (max-width:700px){.charts{grid-template-columns:1fr}main{padding:8px}table{font-size:.8rem;min-width:640px}}
@media print{.filter{display:none}th{position:static}tr{break-inside:avoid}.wrap{overflow:visible}
.charts{grid-template-columns:1fr 1fr}}
"""

# The filter: every word of the box, folded as vietnamese.fold folds (no marks, đ -> d, lower case),
# must be in the row's folded text. "#q=..." in the address fills the box, so a filtered view can be
# sent as a link.
_SCRIPT = """
(function(){
var box=document.getElementById('filter'),shown=document.getElementById('shown');
var rows=Array.prototype.slice.call(document.querySelectorAll('#tasks tbody tr'));
function fold(s){
return s.normalize('NFD').replace(/[\\u0300-\\u036f]/g,'').replace(/[\\u0111\\u0110]/g,'d').toLowerCase();}
var texts=rows.map(function(r){return fold(r.textContent);});
function apply(){
var words=fold(box.value).split(/\\s+/).filter(Boolean),n=0;
rows.forEach(function(r,i){var ok=words.every(function(w){return texts[i].indexOf(w)>=0;});r.hidden=!ok;if(ok){n++;}});
shown.textContent=String(n);}
if(location.hash.indexOf('#q=')===0){box.value=decodeURIComponent(location.hash.slice(3));}
box.addEventListener('input',apply);apply();
})();
"""

_HEAD = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; \
script-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<meta name="generator" content="kehoach {version}">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<main>
"""


def write_report(path: Path, database: Path, max_rows: int = MAX_TABLE_ROWS) -> None:
    """Write the report of the database at `database` to `path`, atomically."""
    connection = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    try:
        with replaced_atomically(path) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as handle:
            write_html(handle, connection, max_rows)
    finally:
        connection.close()


def report_of_documents(documents: Iterable[tuple[str, PlanDocument]], max_rows: int = MAX_TABLE_ROWS) -> str:
    """The report of a few documents (`extract --format html`), through a database in memory."""
    import io

    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        fill(connection, documents, ())
        buffer = io.StringIO()
        write_html(buffer, connection, max_rows)
        return buffer.getvalue()
    finally:
        connection.close()


def write_database_and_report(
    out_dir: Path, documents: Iterable[tuple[str, PlanDocument]], failures: Iterable[tuple[str, str]]
) -> list[str]:
    """A batch's OUT/kehoach.sqlite, then OUT/report.html from it; what could not be written, one
    line each (the other combined files are written all the same)."""
    database, report = out_dir / DATABASE, out_dir / REPORT
    try:
        write_database(database, documents, failures)
    except (OSError, sqlite3.Error) as exc:
        return [f"{database}: cannot be written ({_cause(exc)})", f"{report}: not written (no database)"]
    try:
        write_report(report, database)
    except (OSError, sqlite3.Error) as exc:
        return [f"{report}: cannot be written ({_cause(exc)})"]
    return []


def _cause(exc: Exception) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


def rebuild_report(out_dir: Path, output: Path | None = None) -> Path:
    """`kehoach report OUT`: OUT/report.html (or `output`) from OUT/kehoach.sqlite; a batch output
    written before the database existed has it built first, from the plans documents.csv lists."""
    database = out_dir / DATABASE
    if not out_dir.is_dir():
        raise KehoachError(f"{out_dir}: not a folder (give the output folder of `kehoach batch`)")
    if not database.is_file():
        _database_from_outputs(out_dir, database)
    target = output or out_dir / REPORT
    try:
        write_report(target, database)
    except sqlite3.DatabaseError as exc:
        raise KehoachError(f"{database}: not a kehoach database ({exc}); run `kehoach batch` again") from exc
    except OSError as exc:
        raise KehoachError(f"{target}: cannot be written ({_cause(exc)})") from exc
    return target


def _database_from_outputs(out_dir: Path, database: Path) -> None:
    import csv
    import json

    from .batch import DOCUMENTS_CSV, ERRORS_JSONL, output_path
    from .models import PlanDocument

    try:
        with (out_dir / DOCUMENTS_CSV).open(encoding="utf-8-sig", newline="") as handle:
            files = [row["file"] for row in csv.DictReader(handle)]
        lines = (out_dir / ERRORS_JSONL).read_text(encoding="utf-8").splitlines()
        failures = [(item["file"], item["error"]) for item in map(json.loads, filter(None, lines))]
    except (OSError, ValueError, KeyError) as exc:
        raise KehoachError(f"{out_dir}: no batch output to report on ({exc})") from exc

    def documents() -> Iterator[tuple[str, PlanDocument]]:
        for file in files:
            source = output_path(out_dir, file)
            try:
                yield file, PlanDocument.model_validate_json(source.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise KehoachError(f"{source}: cannot be read ({exc}); run `kehoach batch` again") from exc

    try:
        write_database(database, documents(), failures)
    except (OSError, sqlite3.Error) as exc:
        raise KehoachError(f"{database}: cannot be written ({_cause(exc)})") from exc


# ---------------------------------------------------------------- the page


def write_html(out: TextIO, db: sqlite3.Connection, max_rows: int) -> None:
    """The whole page, section after section, straight from queries."""
    e = html.escape
    out.write(_HEAD.format(version=e(__version__), title="Báo cáo kế hoạch – kehoach", style=_STYLE))
    (documents, tasks, pages, warnings), failures = (
        db.execute(
            "SELECT count(*), coalesce(sum(task_count), 0), coalesce(sum(pages), 0), coalesce(sum(warning_count), 0) "
            "FROM documents"
        ).fetchone(),
        db.execute("SELECT count(*) FROM failures").fetchone()[0],
    )
    out.write('<h1>Báo cáo kế hoạch</h1>\n<ul class="totals">')
    for label, value in (
        ("văn bản", documents),
        ("nhiệm vụ", tasks),
        ("trang", pages),
        ("cảnh báo", warnings),
        ("tệp lỗi", failures),
    ):
        out.write(f"<li><b>{value:,}</b>{label}</li>".replace(",", "."))
    out.write("</ul>\n")
    _plans(out, db)
    _agencies(out, db)
    _deadlines(out, db)
    _tasks(out, db, tasks, max_rows)
    _problems(out, db)
    out.write(
        f'<p class="note">kehoach {e(__version__)} · dữ liệu đầy đủ: {DATABASE}, tasks.csv</p>\n'
        f"</main>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )


def _cells(values: Iterable[object], classes: dict[int, str] | None = None) -> str:
    """A row's cells; `classes` gives some columns a class ("n" numbers, "task" long text)."""
    classes = classes or {}
    return "".join(
        f'<td class="{classes[i]}">{_text(v)}</td>' if i in classes else f"<td>{_text(v)}</td>"
        for i, v in enumerate(values)
    )


def _text(value: object) -> str:
    return "" if value is None else html.escape(str(value))


def _table_head(columns: Iterable[str], classes: dict[int, str] | None = None, table_id: str = "") -> str:
    classes = classes or {}
    head = "".join(
        f'<th class="{classes[i]}">{c}</th>' if i in classes else f"<th>{c}</th>" for i, c in enumerate(columns)
    )
    ident = f' id="{table_id}"' if table_id else ""
    return f'<div class="wrap"><table{ident}><thead><tr>{head}</tr></thead><tbody>\n'


_TABLE_END = "</tbody></table></div>\n"


def _plans(out: TextIO, db: sqlite3.Connection) -> None:
    numeric = {6: "n", 7: "n", 8: "n"}
    out.write('<h2 id="plans">Văn bản</h2>\n')
    out.write(
        _table_head(
            ("Tệp", "Loại", "Số", "Ngày", "Cơ quan ban hành", "Tỉnh (sau 7/2025)", "Trang", "Nhiệm vụ", "Cảnh báo"),
            numeric,
        )
    )
    for row in db.execute(
        "SELECT file, doc_type, doc_number, issued_date, issuer, province_successor, pages, "
        "task_count, warning_count FROM documents ORDER BY id"
    ):
        out.write(f"<tr>{_cells(row, numeric)}</tr>\n")
    out.write(_TABLE_END)


def _agencies(out: TextIO, db: sqlite3.Connection) -> None:
    canonical = db.execute(
        "SELECT coalesce(lead_agency_canonical, '(không nhận ra)'), count(*) FROM tasks GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    # A task handed to several successors counts for each; one whose agency was not reorganised
    # has itself as successor, and one outside the gazetteer none.
    successors = db.execute(
        "SELECT coalesce(s.agency, '(không nhận ra)'), count(DISTINCT t.id) FROM tasks t "
        "LEFT JOIN successors s ON s.task_id = t.id GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    out.write('<h2 id="agencies">Nhiệm vụ theo cơ quan chủ trì</h2>\n<div class="charts">\n')
    out.write(_bar_chart("Theo tên cơ quan trong văn bản (chuẩn hoá)", canonical, "var(--bar)"))
    out.write(_bar_chart("Sau sắp xếp tổ chức bộ máy 2025", successors, "var(--bar2)"))
    out.write("</div>\n")


def _bar_chart(caption: str, counts: list[tuple[str, int]], colour: str) -> str:
    """Horizontal bars, the largest first; past TOP_AGENCIES, one bar for the rest."""
    bars = counts[:TOP_AGENCIES]
    if len(counts) > TOP_AGENCIES:
        rest = counts[TOP_AGENCIES:]
        bars.append((f"{len(rest)} cơ quan khác", sum(n for _, n in rest)))
    label_width, bar_width, row = 250, 300, 20
    top = max((n for _, n in bars), default=0) or 1
    height = row * len(bars) + 4
    parts = [
        f"<figure><figcaption>{html.escape(caption)}</figcaption>"
        f'<svg viewBox="0 0 {label_width + bar_width + 50} {height}" role="img" '
        f'aria-label="{html.escape(caption)}">'
    ]
    for i, (name, count) in enumerate(bars):
        y = i * row + 2
        shown = name if len(name) <= 42 else name[:41] + "…"
        width = max(1.0, bar_width * count / top)
        parts.append(
            f"<g><title>{html.escape(name)}: {count}</title>"
            f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end">{html.escape(shown)}</text>'
            f'<rect x="{label_width}" y="{y + 2}" width="{width:.1f}" height="{row - 6}" '
            f'style="fill:{colour}"/>'
            f'<text x="{label_width + width + 4:.1f}" y="{y + 13}">{count}</text></g>'
        )
    if not bars:
        parts.append('<text x="4" y="14">không có nhiệm vụ</text>')
    parts.append("</svg></figure>\n")
    return "".join(parts)


def _deadlines(out: TextIO, db: sqlite3.Connection) -> None:
    quarters = dict(
        db.execute(
            "SELECT substr(timeline_end, 1, 4) * 4 + (substr(timeline_end, 6, 2) - 1) / 3, count(*) FROM tasks "
            "WHERE timeline_end GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-*' GROUP BY 1 ORDER BY 1"
        ).fetchall()
    )
    kinds = db.execute(
        "SELECT timeline_kind, count(*) FROM tasks WHERE timeline_end IS NULL GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    out.write('<h2 id="deadlines">Hạn hoàn thành theo quý</h2>\n')
    if quarters:
        first, last = min(quarters), max(quarters)
        keys = range(first, last + 1) if last - first < MAX_QUARTERS else sorted(quarters)
        out.write(_column_chart([(f"Q{k % 4 + 1}/{k // 4}", quarters.get(k, 0)) for k in keys]))
    else:
        out.write('<p class="note">Không nhiệm vụ nào có hạn hoàn thành ghi rõ ngày.</p>\n')
    if kinds:
        labels = {
            "recurring": "thường xuyên",
            "annual": "hằng năm",
            "on_request": "khi có yêu cầu",
            "deadline": "hạn không rõ ngày",
            "period": "giai đoạn",
            "unknown": "không ghi",
        }
        listed = ", ".join(f"{labels.get(kind, kind)}: {count}" for kind, count in kinds)
        out.write(f'<p class="note">Nhiệm vụ không có hạn ghi rõ ngày: {html.escape(listed)}.</p>\n')


def _column_chart(columns: list[tuple[str, int]]) -> str:
    step, height, base = 46, 160, 130
    top = max(n for _, n in columns) or 1
    width = step * len(columns) + 10
    # Drawn at about its own size at most: a few quarters should not fill the page's width.
    parts = [
        f'<figure><svg viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Số nhiệm vụ theo quý của hạn hoàn thành" style="max-width:{width * 1.5:.0f}px">'
    ]
    for i, (label, count) in enumerate(columns):
        x, bar = 6 + i * step, (base - 16) * count / top
        middle = x + (step - 8) / 2
        parts.append(
            f"<g><title>{label}: {count}</title>"
            f'<rect x="{x}" y="{base - bar:.1f}" width="{step - 8}" height="{bar:.1f}" '
            f'style="fill:var(--bar)"/>'
            f'<text x="{middle}" y="{base - bar - 3:.1f}" text-anchor="middle">{count or ""}</text>'
            f'<text x="{middle}" y="{base + 14}" text-anchor="middle" '
            f'style="font-size:9px">{label}</text></g>'
        )
    parts.append("</svg></figure>\n")
    return "".join(parts)


def _tasks(out: TextIO, db: sqlite3.Connection, total: int, max_rows: int) -> None:
    shown = min(total, max_rows)
    out.write('<h2 id="tasks-heading">Nhiệm vụ</h2>\n')
    out.write(
        '<p class="filter"><label for="filter">Lọc (có dấu hoặc không dấu): </label>'
        '<input type="search" id="filter" placeholder="vd. so y te 2026" autocomplete="off"> '
        f'<span class="note"><span id="shown">{shown}</span> / {shown} dòng</span></p>\n'
    )
    if total > shown:
        out.write(
            f'<p class="note">Bảng hiển thị {shown:,} trên {total:,} nhiệm vụ đầu tiên; mọi nhiệm vụ có '
            f"trong {DATABASE} và tasks.csv.</p>\n".replace(",", ".")
        )
    classes = {1: "n", 2: "task"}
    out.write(
        _table_head(
            ("Văn bản", "STT", "Nhiệm vụ", "Chủ trì", "Chủ trì sau sắp xếp", "Phối hợp", "Thời gian", "Hạn"),
            {1: "n"},
            "tasks",
        )
    )
    query = """
        SELECT coalesce(d.doc_number, d.file), t.stt, t.task, coalesce(t.lead_agency_canonical, t.lead_agency),
          (SELECT group_concat(agency, '; ') FROM (SELECT agency FROM successors WHERE task_id = t.id
             ORDER BY position)),
          (SELECT group_concat(agency, '; ') FROM (SELECT agency FROM partners WHERE task_id = t.id
             ORDER BY position)),
          t.timeline, t.timeline_end
        FROM tasks t JOIN documents d ON d.id = t.document_id ORDER BY t.id LIMIT ?"""
    for row in db.execute(query, (max_rows,)):
        out.write(f"<tr>{_cells(row, classes)}</tr>\n")
    out.write(_TABLE_END)


def _problems(out: TextIO, db: sqlite3.Connection) -> None:
    out.write('<h2 id="warnings">Cảnh báo</h2>\n')
    warnings = db.execute(
        "SELECT d.file, w.message FROM warnings w JOIN documents d ON d.id = w.document_id "
        "ORDER BY w.document_id, w.position"
    )
    _list_table(out, ("Tệp", "Cảnh báo"), warnings, "Không có cảnh báo.")
    out.write('<h2 id="failures">Tệp không chuyển được</h2>\n')
    _list_table(
        out, ("Tệp", "Lỗi"), db.execute("SELECT file, error FROM failures ORDER BY file"), "Mọi tệp đều được chuyển."
    )


def _list_table(out: TextIO, columns: tuple[str, str], rows: Iterable[tuple[object, ...]], empty: str) -> None:
    written = False
    for row in rows:
        if not written:
            out.write(_table_head(columns))
            written = True
        out.write(f"<tr>{_cells(row)}</tr>\n")
    out.write(_TABLE_END if written else f'<p class="note">{empty}</p>\n')
