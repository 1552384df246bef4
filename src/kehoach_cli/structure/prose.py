"""Tasks assigned in prose, in "Tổ chức thực hiện": one numbered item per agency.

"2. Sở Y tế: Tăng cường ..." names the agency before the colon; "1. Sở Lao động - ..." alone on
its line is followed by "- " bullets. "Đề nghị Tòa án nhân dân tỉnh: ..." is a request to a
body outside the committee's command.
"""

from __future__ import annotations

import re

from ..vietnamese import fold
from .sections import Section
from .tables import TaskDraft

ITEM = re.compile(r"^(?P<number>\d{1,2})\.\s+(?P<text>\S.*)$")
REQUEST = re.compile(r"^Đề nghị\s+", re.IGNORECASE)
MAX_AGENCY_WORDS = 40
BULLET_OR_LETTER = re.compile(r"^(?:[-–•+]\s|[a-zđ]\)\s)")
IMPLEMENTATION_TITLES = ("to chuc thuc hien", "trach nhiem thuc hien", "phan cong nhiem vu")


def is_implementation_section(section: Section) -> bool:
    return bool(section.title) and fold(section.title).startswith(IMPLEMENTATION_TITLES)


def prose_tasks(section: Section) -> list[TaskDraft]:
    """One task per numbered item of the section; its bullets become the task's paragraphs.

    An item runs on through bullets ("- ", "a) ") and lower-case continuations; any other
    paragraph (a note "*Lưu ý: ...", the closing paragraph, "Nơi nhận:") ends it.
    """
    tasks: list[TaskDraft] = []
    open_item = False
    for paragraph in section.paragraphs:
        item = ITEM.match(paragraph.text)
        if item:
            tasks.append(_start_item(item, paragraph.page, section))
            open_item = True
        elif open_item and (BULLET_OR_LETTER.match(paragraph.text) or paragraph.text[:1].islower()):
            tasks[-1].task = "\n".join(filter(None, [tasks[-1].task, paragraph.text]))
        else:
            open_item = False
    return [task for task in tasks if task.task]


def _start_item(item: re.Match[str], page: int, section: Section) -> TaskDraft:
    text = item["text"].strip()
    agency, _, rest = text.partition(":")
    if not rest or len(agency.split()) > MAX_AGENCY_WORDS:
        agency, rest = text, ""
    is_request = bool(REQUEST.match(agency))
    return TaskDraft(task=rest.strip(), origin="prose", page=page, section=section.numeral,
                     section_title=section.title, stt=item["number"],
                     lead_agency=REQUEST.sub("", agency).strip(" .") or None, is_request=is_request)

