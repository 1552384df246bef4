"""Tasks assigned in prose: one record per duty.

Four shapes occur in real plans (../shared/corpus/tvpl_admin_docs, PLANS.txt):
- per-agency items in "Tổ chức thực hiện": "2. Sở Y tế: Tăng cường ..." names the agency before the
  colon; "1. Sở Lao động - ..." alone on its line is followed by "- " bullets, one duty each.
  "Đề nghị Tòa án nhân dân tỉnh: ..." is a request to a body outside the committee's command.
- labelled blocks after a task: "Đơn vị chủ trì: ... / Đơn vị phối hợp: ... / Thời gian thực hiện: ...".
- activity blocks: "- Nội dung: ... - Cơ quan thực hiện: Sở X chủ trì, phối hợp với ...".
- agency-led bullets under a sub-heading: "- Sở Nội vụ hướng dẫn khen thưởng ...".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..vietnamese import fold
from .agency_lists import duty_verb, names_agency, split_agencies
from .bullets import BULLET, BULLET_MARK
from .lines import Paragraph
from .sections import Section
from .tables import TaskDraft

MAX_TASK_PARAGRAPHS = 3  # unlabelled paragraphs before a block's labels that may be its task
ITEM = re.compile(r"^(?P<number>\d{1,2})\.\s+(?P<text>\S.*)$")
# Labels of a labelled or activity block (folded, after the bullet or letter), by role.
# A label may also follow a "*" (lines.py keeps a line-opening "* " as a bullet).
LABEL = re.compile(
    rf"^(?:(?:{BULLET_MARK}|\*)\s*|[a-zđ]\)\s*)?(?P<label>[^:]{{3,45}}?)\s*:\s*(?P<value>.*)$", re.DOTALL
)
LABEL_ROLES: list[tuple[str, tuple[str, ...]]] = [
    ("executor", ("co quan thuc hien", "don vi thuc hien", "co quan, don vi thuc hien")),
    ("lead", ("don vi chu tri", "co quan chu tri", "chu tri")),
    ("partner", ("don vi phoi hop", "co quan phoi hop", "phoi hop")),
    ("timeline", ("thoi gian thuc hien", "thoi gian hoan thanh", "thoi gian", "tien do", "thoi han")),
    ("task", ("noi dung",)),
    ("product", ("san pham", "ket qua")),
]
# "Sở X chủ trì, phối hợp với Y" inside a "Cơ quan thực hiện" value.
LEAD_MARK = re.compile(r"\s+chủ trì\b", re.IGNORECASE)
PARTNERS_MARK = re.compile(r"phối hợp(?: với)?\s+", re.IGNORECASE)


def prose_tasks(section: Section) -> list[TaskDraft]:
    """Tasks of one section given by labelled blocks ("Đơn vị chủ trì: ..."); the outline reader
    (structure/outline.py) finds the duties of agency items."""
    return labelled_tasks(section)


@dataclass
class _Block:
    """A labelled block being read: role -> value, and the task paragraphs before it."""

    task_lines: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    last_role: str | None = None
    page: int = 1
    stt: str | None = None
    heading: str = ""  # the numbered heading over the block: its task when no paragraph or label gives one


def labelled_tasks(section: Section) -> list[TaskDraft]:
    """Tasks whose agencies are given by labels ("Đơn vị chủ trì: ...", "Cơ quan thực hiện: ...").

    The task is the "Nội dung:" value when there is one, else the paragraphs since the previous
    block or numbered heading. A block ends at the first unlabelled paragraph after its agencies.
    """
    tasks: list[TaskDraft] = []
    block = _Block(page=section.page)
    for paragraph in section.paragraphs:
        role, value = label_of(paragraph.text)
        if (role is None or role == "task") and block.values.get("lead"):
            if _has_task(block):
                tasks.append(_block_task(block, section))
            block = _Block(page=paragraph.page, stt=block.stt, heading=block.heading)
        if role is None:
            _take_unlabelled(block, paragraph)
        elif role == "executor" and not value:
            block.last_role = "executor"
        else:
            _take_label(block, role, value)
    if block.values.get("lead") and _has_task(block):
        tasks.append(_block_task(block, section))
    return tasks


def _has_task(block: _Block) -> bool:
    """A block's task is its "Nội dung:", its numbered heading or the few paragraphs just before its labels;
    labels after a run of unlabelled text with no heading ("- Cơ quan thực hiện: Sở X." closing a procedure's
    description in an appendix, everything from the header before it) give no task."""
    return bool(block.values.get("task") or block.heading or len(block.task_lines) <= MAX_TASK_PARAGRAPHS)


def label_of(text: str) -> tuple[str | None, str]:
    """The role of a labelled paragraph ("- Đơn vị chủ trì: Sở Nội vụ." -> ("lead", "Sở Nội vụ.")).

    "+ Sở X chủ trì, phối hợp với ..." under an empty "Cơ quan thực hiện:" is an executor line.
    """
    match = LABEL.match(text)
    if match:
        label = fold(match["label"]).strip("* ")
        value = " ".join(match["value"].split()).strip("* ")
        for role, keywords in LABEL_ROLES:
            if any(label == k or label.startswith(k + " ") for k in keywords):
                if role in ("lead", "executor") and value[:1].isdigit():
                    return None, text  # "- Chủ trì thảo luận: 1 tiết được tính 1 giờ chuẩn." names no body
                return role, value
    return None, text


def _take_unlabelled(block: _Block, paragraph: Paragraph) -> None:
    if block.last_role == "executor" and BULLET.match(paragraph.text) and "chủ trì" in paragraph.text:
        _take_label(block, "executor", BULLET.sub("", paragraph.text))
        return
    item = ITEM.match(paragraph.text) or re.match(r"^(?P<number>[a-zđ])\)\s+(?P<text>.*)$", paragraph.text)
    if item and item["number"].isdigit():
        block.stt = item["number"]
        block.task_lines = []
        block.heading = item["text"]
        if not _is_heading_text(item["text"]):
            block.task_lines.append(item["text"])
        block.page = paragraph.page
        return
    if not block.task_lines:
        block.page = paragraph.page
    block.task_lines.append(paragraph.text)
    block.last_role = None


def _is_heading_text(text: str) -> bool:
    """A numbered heading ("1. Rà soát, kiện toàn đội ngũ ...") names a group, not a duty."""
    return not text.rstrip().endswith((".", ";"))


def _take_label(block: _Block, role: str, value: str) -> None:
    if role == "executor":
        lead, partners = lead_and_partners(value)
        block.values.setdefault("lead", lead)
        if partners:
            block.values["partner"] = partners
    elif role in ("lead", "partner", "timeline", "task"):
        block.values[role] = value
    block.last_role = role


def lead_and_partners(value: str) -> tuple[str, str]:
    """ "Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành" -> ("Sở Nội vụ", "các sở, ban, ngành")."""
    value = value.strip().rstrip(".")
    lead = LEAD_MARK.search(value)
    if not lead:
        # "Bộ Công an tiến hành rà soát ...; các bộ, ... rà soát ...": the body named before its work
        verb = duty_verb().search(value, len(" ".join(value.split()[:2])))
        if verb and names_agency(value[: verb.start()]):
            return value[: verb.start()], ""
        return value, ""
    partners = PARTNERS_MARK.search(value, lead.end())
    return value[: lead.start()], value[partners.end() :] if partners else ""


def _block_task(block: _Block, section: Section) -> TaskDraft:
    task = block.values.get("task") or "\n".join(block.task_lines) or block.heading
    partners = block.values.get("partner", "")
    return TaskDraft(
        task=task.strip(),
        origin="prose",
        page=block.page,
        section=section.numeral,
        section_title=section.title,
        stt=block.stt,
        lead_agency=_clean_agency(block.values["lead"]),
        partner_agencies=split_agencies(partners),
        timeline=block.values.get("timeline", "").strip(" .") or None,
    )


def _clean_agency(text: str) -> str | None:
    return " ".join(text.split()).strip(" .;,") or None
