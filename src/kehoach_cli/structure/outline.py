"""The body of an administrative document as one tree, and the duties it assigns.

Nghị định 30/2020/NĐ-CP sets the form every Vietnamese administrative document follows: the body is
numbered I. / 1. / 1.1. / a) / - / + (a Quyết định by "Điều 1.", "Điều 2."). Each paragraph becomes a
node at the level its label gives; a paragraph without a label belongs to the node above it.

Duties are the nodes inside the sections that assign work ("Tổ chức thực hiện", "Trách nhiệm thực
hiện", "Phân công nhiệm vụ", the articles of a Quyết định, the whole body of a Chỉ thị, Công văn or
Thông báo). A node that names an agency ("2. Sở Y tế:", "a) Công an tỉnh", "Đề nghị Tòa án ...:")
gives its own text after the colon as one duty and each of its children as one more; a bullet or
paragraph whose subject is an agency ("- Sở Nội vụ hướng dẫn ...") is a duty of that agency.
Agencies are recognised by the words that open their names (data/agency_heads.txt), on whatever
line they start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..gazetteer import agency_key, agency_keys, provinces
from ..models import SectionNode
from ..people import person_name_shape
from ..vietnamese import fold
from .agency_lists import duty_verb, kind_alone, list_heads, names_agency, word_list
from .lines import Paragraph, comma_item, is_upper_heading
from .prose import label_of
from .sections import roman_to_int
from .tables import TaskDraft

# Label kinds by depth: a node nests under the nearest node of a smaller depth.
NUMBER_DEPTH = 2
LABELS: list[tuple[str, float, re.Pattern[str]]] = [
    ("article", 1, re.compile(r"^(?P<label>Điều\s+\d{1,3})\s*[.:]\s*(?P<rest>.*)$", re.DOTALL)),
    ("decimal", 3, re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?P<rest>\S.*)$", re.DOTALL)),
    ("number", NUMBER_DEPTH, re.compile(r"^(?P<label>\d{1,2})\.\s*(?P<rest>\S.*)$", re.DOTALL)),
    ("letter", 4, re.compile(r"^(?P<label>[a-zđ])\)\s*(?P<rest>\S.*)$", re.DOTALL)),
    ("paren", 4.5, re.compile(r"^\(?(?P<label>\d{1,2}|[ivx]{1,4})\)\s*(?P<rest>\S.*)$", re.DOTALL)),
    # A point's letter as OCR may read it ("Œ) Bộ Chỉ huy ...", "©) Sở Tài chính"): a mark or two, ")" and
    # a capital.
    ("letter", 4, re.compile(r"^(?P<label>[^\s()]{1,2})\)\s+(?P<rest>[A-ZĐÀ-ỸÁÉÍÓÚÝ].*)$", re.DOTALL)),
    ("dash", 5, re.compile(r"^(?P<label>[-–—•])(?![-–—])\s*(?P<rest>\S.*)$", re.DOTALL)),  # "-------": a rule
    ("plus", 6, re.compile(r"^(?P<label>\+)\s*(?P<rest>\S.*)$", re.DOTALL)),
]
TEXT_DEPTH = 9
OCR_ONE = re.compile(r"^(?P<label>[Il])\.\s+(?P<rest>\S.*)$", re.DOTALL)  # "1." as OCR may read it (_misread_one)
INTRO_DEPTH = 4.8  # an unlabelled paragraph ending with ":" holds the bullets after it
MAX_GROUP_HEADING_WORDS = 14
MAX_TASK_HEADING_WORDS = 15
SENTENCES = "sentences"
MIN_NAMED_SIBLINGS = 2  # headings naming agencies that make a list one of doers (_named_by_siblings)
ROLE_NOUNS = ("co quan", "cac co quan", "don vi", "cac don vi")  # folded: bodies named by their part in the work
MAX_SUBJECT_WORDS = 8  # a generic subject ("Các cơ sở giáo dục đại học công lập") read whole up to its verb
MAX_WORD_TAIL = 3  # syllables after a capital that may finish its word ("Phát triển nông thôn")
ASIDE_OPENER = re.compile(r"(?:trong|theo|căn cứ|với|tại)\b")  # a clause set off after a subject, not a verb
CONNECTIVES = ("các", "và", "những", "của", "tại")  # words a name holds only before another of its words
LIST_NOUNS = ("tổ", "chức")  # "các cơ quan, tổ chức": a body in a list, not the verb "tổ chức"
MAX_OPENER_CHARS = 200  # how far into a sentence its subject may stand after an opening clause
# The recipients, the signature or an appendix's title ("PHỤ LỤC", "Phụ lục II:"; a wrapped line "Phụ lục II kèm
# theo Quyết định số ..." goes on a sentence of the body).
END_OF_BODY = re.compile(r"^(?:Nơi nhận|TM\.|KT\.|Q\.|TL\.|PHỤ LỤC|Phụ lục(?:\s+[IVXLC\d]+)?\s*(?:[:.]|$))")
# Recipients a web copy gives without "Nơi nhận:" ("- Chính phủ; - Ban Tổ chức Trung ương; - Kiểm toán nhà nước;
# ..."): three entries or more in one paragraph; a resolution's closing line, "Nghị quyết này được ... thông qua
# ngày ...", after which only the signature comes.
RECIPIENTS = re.compile(r"(?:;\s*[-–]\s*\S.*){3}")
ADOPTED = re.compile(r"^\W*Nghị quyết này (?:đã )?được .{0,200}?thông qua ngày")
MAX_AGENCY_WORDS = 40  # "17. Đề nghị Ủy ban Mặt trận ... và các tổ chức chính trị - xã hội tỉnh:" is long
MAX_HEADING_AGENCY_WORDS = 25  # an agency standing alone as a heading, no colon
GROUP_END = re.compile(r"\b[Cc]ác\s+\S+(?:\s+\S+)?(?:,\s*\S+(?:\s+\S+)?)*\s*$")  # "... các tỉnh, thành phố"
PLURAL = re.compile(r"^(?:Các|Những)\s")  # "Các chủ rừng ...": doers, many of them
LISTS = re.compile(r"\b(?:bao )?gồm\s*$")  # "... các phương tiện thông tin đại chúng, gồm: Báo ...; ...": a list
TOPIC = re.compile(r"^(?:Về|Đối với)\s")  # "Về đầu tư kho dầu thô dự trữ quốc gia: ..."
MAX_TOPIC_WORDS = 60  # a topic may cite a resolution with its date and issuer before its colon
MAX_KNOWN_NAME_WORDS = 16  # the longest names of the gazetteer
ASSIGNING_WORD = re.compile(r"^(?:giao|đề nghị|yêu cầu)\b")
DOCUMENT_KINDS = "Chỉ thị|Kế hoạch|Công văn|Thông báo|Quyết định|Công điện"  # what "... này" at a close refers to
THIS_DOCUMENT = re.compile(rf"(?:{DOCUMENT_KINDS})\s+này\s*[./]*$")
# A notice's closing formula: "Văn phòng Chính phủ xin trân trọng thông báo./.", "... (xin) thông báo để
# các cơ quan, đơn vị biết, thực hiện.", a ruling's "Cục trưởng Cục Hải quan báo (trả lời) để Công ty ... biết".
NOTICE_CLOSING = re.compile(
    r"\s(?:xin\s+)?(?:trân trọng\s+)?(?:thông báo|báo|trả lời)(?:\s+để\s[^.;]{0,120}?biết[^.;]{0,40})?\s*[./]*$"
)
MAX_CLOSING_WORDS = 30
SCOPE_ARTICLE = re.compile(r"(?:pham vi dieu chinh|doi tuong ap dung)\b")  # folded article titles
DECISION_EXECUTION = "thi hanh quyet dinh nay"  # folded: a Quyết định's execution clause, wherever it stands
EXECUTION = re.compile(r"(?:chiu|co) trach nhiem (?:to chuc )?thi hanh (?:nghi quyet|nghi dinh|thong tu) nay\W*$")
CARRY_OUT_THIS = re.compile(
    r"^(?:(?:chịu trách nhiệm|nghiêm túc|khẩn trương|tổ chức|triển khai|thực hiện|tốt|có hiệu quả|và|,)\s*)+"
    rf"(?:(?:{DOCUMENT_KINDS}|nội dung)\s+(?:này|trên)\s*)?"
    r"(?:(?:nghiêm túc|có hiệu quả|tốt)\s*)?[./]*$",
    re.IGNORECASE,
)
# "THỦ TƯỚNG CHÍNH PHỦ điện:", "Kính gửi:" (at a paragraph's start or end): recipients follow
ADDRESSES = re.compile(r"(?:\sđiện|(?:^|\s)Kính gửi)\s*$")
TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}")  # "15:00"
TIME_LIMIT = re.compile(r"^(?:Thời hạn|Thời gian)(?: hoàn thành| thực hiện)?\b")  # "Thời hạn chậm nhất 05 ngày ..."
DATED = re.compile(r"\s(?:trước|trong|từ|đến|chậm nhất)\s+(?:ngày|tháng|năm|quý)\b")  # "X trước ngày 15 ... chỉ đạo"
OPINION = re.compile(r"\scó ý kiến\b")  # "... Phó Thủ tướng Trần Hồng Hà có ý kiến như sau:"
MAX_OPINION_WORDS = 16  # the opinion's giver with a second title ("... Bùi Thanh Sơn - Trưởng Ban Chỉ đạo ...")
# "Bộ Nội vụ (trân trọng) đề nghị Ban Tuyên giáo ...": the asker, the courtesy it asks with, the verb, the asked
ASKS = re.compile(
    r"^(?P<asker>\S.{0,100}?)(?:\s(?:trân trọng|kính|xin))*\s(?P<verb>yêu cầu|đề nghị)\s+(?P<rest>\S.*)$", re.DOTALL
)
THANKS = re.compile(r"^\S.{0,100}?\s(?:trân trọng |xin )?cảm ơn\b")  # "Bộ Nội vụ trân trọng cảm ơn và rất mong ..."
REQUEST = re.compile(r"^Đề nghị\b\s*", re.IGNORECASE)
ASSIGNED = re.compile(r"^(?:Giao|Yêu cầu)(?: cho)?\s+(?=\S)")  # "Giao Sở Y tế ...", "Yêu cầu các sở ..."
ROLE_OF = re.compile(r"^(?:Trách nhiệm|Nhiệm vụ)(?: cụ thể)? của\s+(?=\S)")  # "1. Trách nhiệm của Sở X"
ASSIGNED_INSIDE = re.compile(r"(?:^|[,;:]\s+|\s)[Gg]iao(?: cho)?\s+(\S)")  # "..., giao Sở Y tế chủ trì ..."
CAUSATIVE = re.compile(r"\s(?:chỉ đạo|yêu cầu|đề nghị|giao)\s")  # "X chỉ đạo Y ...": Y does what follows
# Verbs that no name goes on with ("Đoàn kiểm tra", "Ban chỉ đạo" are names): right after a word that opens
# names, it stands for the body alone.
BARE_DUTY = re.compile(r"\s+(?:(?:có|chịu) trách nhiệm|thực hiện)\b")
RESPONSIBLE = re.compile(r"\s(?:có|chịu) trách nhiệm\b")
# "Các cơ quan được phân công chủ trì thực hiện nhiệm vụ theo Kế hoạch này có trách nhiệm ...": the name
# runs on through its relative clause to the verb of duty.
RELATIVE_CLAUSE = re.compile(r"(\s+(?:được|đã được)\s.{0,160}?)\s(?:có|chịu) trách nhiệm\b")
TRAILING_MARKS = re.compile(r"(?:[^\w)\]\"”’]|_)+$")  # what follows a name's last letter, digit or closing bracket
# The short name a body is given once its full name is written: its full name ends there.
SHORT_NAME = re.compile(r"\s*\((?:sau đây\s+)?(?:được\s+)?(?:gọi\s+(?:tắt|chung)|viết tắt)\s+là\b", re.IGNORECASE)
FOOTNOTE_MARK = re.compile(r"\[\d{1,3}\]")  # a consolidated text's note number after a word ("Bộ Nội vụ[6]")
PAST = re.compile(r"\s(?:đã|đã được|vừa)\s*$")
RELATIVE = re.compile(r"\b(?:được|đã được)(?: giao| phân công)?\s*$|\b(?:các|những)\s*$")
# The part an agency takes, said before the points that give its work ("a) Chủ trì, phối hợp với ...").
ROLE_TITLE = re.compile(
    r"^(?:Chủ trì|Phối hợp|Tham gia)(?:,?\s+phối hợp)?(?:\s+(?:với|cùng))?(?P<partners>[^.;:]*):?$", re.IGNORECASE
)
# The role a dash gives an agency after its name ("Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo"), as
# a parenthesis does; a dash inside a name ("Sở Lao động - Thương binh và Xã hội") is no role.
# What a lead names among its bodies after "trong đó" ("Chủ tịch ... các tỉnh, thành phố từ Hà Tĩnh đến Lâm
# Đồng, trong đó trọng tâm là các tỉnh: Đắk Lắk, ...") or the manner it adds ("theo chức năng, nhiệm vụ"): the
# lead is the bodies before it, as for a parenthesis.
# "Bộ Y tế theo chức năng, nhiệm vụ", "Sở Khoa học và Công nghệ căn cứ Danh mục ... có trách nhiệm:"
ASIDE = re.compile(r",\s+trong đó\b.*$|\s+theo\s+(?:chức năng|nhiệm)\b.*$|\s+căn cứ\s.*$")
ROLE_AFTER_DASH = re.compile(r"\s+[-–]\s+(?:[Cc]ơ quan|[Tt]hường trực|[Đđ]ầu mối)\b.*$")
# A lead-in that asks bodies to carry out the items after it, after its opening clause.
REPORTS = re.compile(r"\sđã\s(?!được\b)")  # a sentence that tells what was done ("đã được giao": a duty's object)
ASKED_IN_LEAD_IN = re.compile(r",\s+[^,]{2,60}?\s(?P<verb>yêu cầu|đề nghị)\s+")
# A province or city named as the doer in a lead-in, at its start or after its opening clause.
PROVINCE_SUBJECT = re.compile(r"^(?:Các\s+)?(?:[Tt]ỉnh|[Tt]hành phố)\s+(?P<name>[^\s,]+(?:\s[^\s,]+){0,2})")
LEAD_IN_PLACE = re.compile(
    r"(?:^|,\s+)(?P<kind>[Tt]ỉnh|[Tt]hành phố)\s+(?P<name>[^\s,]+(?:\s[^\s,]+){0,2}?)\s+(?:cần|phải)\s"
)
COLON_HEAD_VERBS = ("có trách nhiệm", "chịu trách nhiệm", "chủ trì", "chỉ đạo", "phối hợp", "tham mưu")
# An item that only introduces what follows: "Sở X có trách nhiệm:", "... thực hiện các nội dung sau:".
INTRO_END = re.compile(r"(?:sau|sau đây|như sau|cụ thể|gồm|bao gồm|trách nhiệm|nhiệm vụ)\s*:?\s*$", re.IGNORECASE)


@dataclass
class Node:
    """A paragraph of the body at its place in the tree."""

    # "root", "section", "article", "number", "decimal", "letter", "paren", "dash", "plus", "text"; "opinion": the
    # paragraphs of a leader's opinion a letter passes on (_opinions)
    kind: str
    label: str | None
    text: str  # without its label
    page: int
    depth: float
    children: list[Node] = field(default_factory=list)
    closed: bool = False  # the body ended inside this node (the recipients, the signature)

    def full_text(self) -> str:
        """The node's text and its descendants', one paragraph a line, the deeper ones with their
        labels as printed ("+ " points of a duty are part of it)."""
        return "\n".join([self.text, *(child.printed() for child in self.children)]).strip()

    def printed(self) -> str:
        """The node and its descendants as printed, label included."""
        label = {
            "number": "{}. ",
            "decimal": "{}. ",
            "letter": "{}) ",
            "paren": "{}) ",
            "dash": "{} ",
            "plus": "{} ",
            "article": "{}. ",
        }.get(self.kind, "").format(self.label)
        return "\n".join([label + self.text, *(child.printed() for child in self.children)])


@cache
def _folded_phrases(name: str) -> tuple[str, ...]:
    return tuple(fold(phrase) for phrase in word_list(name))


@cache
def _folded_openers(name: str) -> tuple[str, ...]:
    """A phrase list's entries folded, each with the space that ends its last word (for startswith)."""
    return tuple(f"{phrase} " for phrase in _folded_phrases(name))


def outline(paragraphs: list[Paragraph], root: Node) -> Node:
    """Place each paragraph under `root` by its label; stop at the recipients or the signature."""
    stack: list[Node] = [root]
    for index, paragraph in enumerate(paragraphs):
        if END_OF_BODY.match(paragraph.text) or RECIPIENTS.search(paragraph.text) or ADOPTED.match(paragraph.text):
            root.closed = True
            break
        node = node_of(paragraph)
        if node.kind == "text" and root.kind == "section" and roman_to_int(root.label or "I") > 1:
            node = _misread_one(paragraph) or node
        if node.depth == INTRO_DEPTH and len(stack) == 1 and index + 1 < len(paragraphs):
            node.depth = _intro_depth(node, node_of(paragraphs[index + 1]))
        if node.kind == "text" and _closes_list(stack, node):
            del stack[1:]
        while len(stack) > 1 and stack[-1].depth >= node.depth:
            stack.pop()
        stack[-1].children.append(node)
        if node.depth < TEXT_DEPTH:  # labelled, or an unlabelled paragraph that holds the items after it
            stack.append(node)
    return root


def _misread_one(paragraph: Paragraph) -> Node | None:
    """Item "1." as OCR may read it, "I." or "l.", inside a section past the first: a roman one there is out of
    sequence and opens no section ("V. TỔ CHỨC THỰC HIỆN" / "I. Các Sở, ban, ngành, địa phương:"), unless it
    heads a title in capitals."""
    one = OCR_ONE.match(paragraph.text)
    if one is None or is_upper_heading(one["rest"]):
        return None
    return Node("number", "1", one["rest"].strip(), paragraph.page, NUMBER_DEPTH)


def _intro_depth(intro: Node, following: Node) -> float:
    """An unlabelled paragraph opening a section or the body that gives an agency the items after it
    ("Đề nghị Thường trực Tỉnh ủy tập trung ...; trong đó lưu ý một số nội dung trọng tâm sau:" over
    "1. Đổi mới tư duy ...") holds them when they name no agency of their own; otherwise it holds the
    bullets after it."""
    if following.kind not in ("number", "letter", "paren") or agency_head(following.text) is not None:
        return INTRO_DEPTH
    head = agency_head(intro.text)
    return following.depth - 0.1 if head is not None and head.intro else INTRO_DEPTH


def node_of(paragraph: Paragraph) -> Node:
    for kind, depth, pattern in LABELS:
        match = pattern.match(paragraph.text)
        if match:
            return Node(kind, match["label"], match["rest"].strip(), paragraph.page, depth)
    if comma := comma_item(paragraph.text):  # "9, Sở Thông tin và Truyền thông": "9." as OCR may read it
        return Node("number", comma["label"], comma["rest"].strip(), paragraph.page, NUMBER_DEPTH)
    # "Sở Tài chính chủ trì ... thực hiện các nhiệm vụ sau đây:" opens the bullets below it.
    depth = INTRO_DEPTH if paragraph.text.rstrip().endswith(":") else TEXT_DEPTH
    return Node("text", None, paragraph.text, paragraph.page, depth)


def _closes_list(stack: list[Node], node: Node) -> bool:
    """An unlabelled paragraph after a list that opens with a closing formula ("Trong quá trình
    thực hiện, nếu có khó khăn ...", "Trên đây là ...") belongs to the section, not the last item."""
    return len(stack) > 1 and _is_closing(node.text)


def is_task_heading(text: str) -> bool:
    """A heading that opens the part of a document that assigns work (a heading: a sentence that says
    "chịu trách nhiệm thực hiện" is none)."""
    heading = fold(text.split(":")[0])
    return len(heading.split()) <= MAX_TASK_HEADING_WORDS and any(
        phrase in heading for phrase in _folded_phrases("task_headings.txt")
    )


# --- duties -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Head:
    """What a node says of its agency: the lead as written, its own duty text, whether it is a request,
    and whether its own text only introduces the duties below it."""

    lead: str
    own: str
    requested: bool
    intro: bool
    sentence: bool  # the agency is the subject of a sentence: the whole text is the duty


def agency_head(text: str, heading: bool = False) -> Head | None:
    """The agency a node names at its start, if it names one; or the agency a topic's sentence names
    ("Về thi công: Sở Xây dựng chỉ đạo ...", "Đối với ...: Giao Sở Y tế chủ trì ..."). `heading`: the
    node is a short unpunctuated line over items of its own, read like a heading before a colon
    ("4. Các chủ đầu tư xây dựng và kinh doanh hạ tầng" over "- " duties)."""
    if label_of(text)[0] is not None:
        return None  # "Đơn vị chủ trì: Sở X" is a labelled block's line, read with its block
    if _lists_works(text):
        return None
    if heading and not _outer_colon(text)[1]:
        head = _opening_agency(f"{text}:")
        if head is not None:
            return head
    asked = _asked_agency(text)
    if asked is not None:
        return asked
    head = _opening_agency(text)
    if head is not None:
        return head
    topic, colon, rest = text.partition(":")
    if (
        colon
        and not LISTS.search(topic)
        and len(topic.split()) <= (MAX_TOPIC_WORDS if TOPIC.match(text) else MAX_AGENCY_WORDS)
    ):
        rest = ASSIGNING_WORD.sub(lambda word: word[0].capitalize(), rest.strip())  # "...: giao Bộ X chủ trì"
        inner = _opening_agency(rest) or (_subject_after_opener(rest, opened=True) if TOPIC.match(text) else None)
        if inner is not None and inner.sentence:
            return Head(inner.lead, text.strip(), inner.requested, inner.intro, True)
    subject = _subject_after_opener(text)
    if subject is not None:
        return subject
    assigned = ASSIGNED_INSIDE.search(text)
    if assigned:
        inner = _opening_agency(text[assigned.start(1) :])
        if inner is not None and inner.sentence:
            return Head(inner.lead, text.strip(), False, text.rstrip().endswith(":"), True)
    return None


def _lists_works(text: str) -> bool:
    """A word that opens names of bodies used as a verb among others ("Thanh tra, kiểm tra, giám sát và xử lý vi
    phạm", "Thanh tra, kiểm tra hoạt động công vụ ..."): a list of works, not a body; a body's name goes on
    after its first word ("Thanh tra tỉnh")."""
    first, comma, rest = text.partition(",")
    rest = rest.strip()
    return (
        bool(comma)
        and kind_alone(first)
        and not rest.startswith(" ".join(LIST_NOUNS))  # "Đơn vị, tổ chức thực hiện ...": bodies in a list
        and not ASIDE_OPENER.match(rest)  # "Chủ đầu tư, trong phạm vi, trách nhiệm của mình, nỗ lực ..."
        and bool(duty_verb().match(f" {rest}"))
    )


def _asked_agency(text: str) -> Head | None:
    """The agency one body asks to act ("Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở, ban, ngành ...
    thực hiện ...", "Sở Y tế đề nghị các đơn vị ..."): the duty is the second's, requested where it is
    "đề nghị". The asker is a name alone, no duty of its own before the verb."""
    asked = ASKS.match(text)
    if asked is None or not names_agency(asked["asker"]) or duty_verb().search(f" {asked['asker']}"):
        return None
    if _name_end(asked["asker"], len(" ".join(asked["asker"].split()[:2]))) is not None:
        return None  # "Doanh nghiệp, hộ kinh doanh khi nộp hồ sơ đề nghị ...": no name alone asks
    inner = _opening_agency(asked["rest"], mid_sentence=True)
    if inner is None or not inner.sentence:
        return None
    return Head(inner.lead, text.strip(), asked["verb"] == "đề nghị", inner.intro, True)


def _subject_after_opener(text: str, opened: bool = False) -> Head | None:
    """The agency that is the subject after an opening clause ("Căn cứ Kế hoạch này, các cơ quan,
    đơn vị ... chủ động ..."): the first comma after which an agency-led sentence begins. `opened`:
    the text follows a topic ("Về kho dầu: với vai trò là chủ đầu tư, Tập đoàn X chủ động ..."), where
    any clause may stand before the subject."""
    if not opened and not _openers().match(text):
        return None
    fallback: Head | None = None
    for comma in re.finditer(r",\s+", text[:MAX_OPENER_CHARS]):
        rest = text[comma.end() :]
        if names_agency(rest):
            verb = _lead_end(rest, colon=False)
            if verb:
                head = Head(_clean(rest[:verb]), text.strip(), False, text.rstrip().endswith(":"), True)
                if _opens_a_subject(rest):
                    return head
                fallback = fallback or head
    return fallback


@cache
def _openers() -> re.Pattern[str]:
    """The opening clauses' first words (data/sentence_openers.txt) with their marks, as whole words: folded,
    "Theo đó" would open "Theo dõi, cập nhật ..." and "Quý" "Quy định ..."."""
    phrases = "|".join(re.escape(phrase) for phrase in word_list("sentence_openers.txt"))
    return re.compile(rf"^(?:{phrases})(?!\w)", re.IGNORECASE)


def _opens_a_subject(text: str) -> bool:
    """A subject after an opening clause opens with a capital or a plural ("..., Bộ Tài chính khẩn trương
    ...", "..., các cơ quan ... chủ động"); a bare lower-case noun goes on the clause's own list ("Trên cơ sở
    đề nghị của các Bộ, cơ quan liên quan, Bộ Tài chính ..."), unless no later subject is found."""
    return text[:1].isupper() or PLURAL.match(text[:1].upper() + text[1:]) is not None


def _opening_agency(text: str, mid_sentence: bool = False) -> Head | None:
    """The agency a text opens with; `mid_sentence`: the text goes on a sentence ("... yêu cầu các sở
    ..."), so its first word may be lower case."""
    requested = bool(REQUEST.match(text))
    body = ROLE_OF.sub("", ASSIGNED.sub("", REQUEST.sub("", text, count=1), count=1), count=1)
    head, colon, rest = _outer_colon(body)
    if colon and ADDRESSES.search(head):
        return None  # "BỘ XÂY DỰNG điện:" over the recipients of a Công điện
    if colon and len(head.split()) <= MAX_AGENCY_WORDS and (names_agency(head) or names_person(head)):
        verb = _lead_end(head, colon=True)
        members = _members(head, rest)
        if members and verb:  # "Bộ Tài chính chủ trì ... cho các tỉnh: Đắk Lắk, ... để ...": one sentence
            return Head(_clean(head[:verb]), text.strip(), requested, text.rstrip().endswith(":"), True)
        if members:
            lead = _clean(f"{head.strip()}: {members}")
            if rest.strip() == f"{members}:":  # the names close the heading: its duties are below
                return Head(lead, "", requested, True, False)
            return Head(lead, text.strip(), requested, text.rstrip().endswith(":"), True)
        own = rest.strip()
        return Head(_clean(head[:verb] if verb else head), own, requested, not own, False)
    agency = names_agency(body)
    if not (agency or _names_province(body)) or not (text[:1].isupper() or mid_sentence):
        return None  # "các cơ sở ...; ..." goes on
    verb = _lead_end(body, colon=False)
    if verb and PAST.search(body[:verb]):
        return None  # "Ủy ban nhân dân tỉnh đã ban hành ...": a report of what was done, no duty
    if not agency and not (verb and _only_provinces(body[:verb])):
        return None  # "Tỉnh Đắk Lắk (mới) có quy mô diện tích ...": a province described, not given work
    if verb:
        intro = body.rstrip().endswith(":")
        return Head(_clean(body[:verb]), text.strip(), requested, intro, True)
    if len(body.split()) <= MAX_HEADING_AGENCY_WORDS and not body.rstrip().endswith((".", ";")):
        return Head(_clean(body), "", requested, True, False)  # "2. Sở Nội vụ" heading its duties below
    return None


def _outer_colon(text: str) -> tuple[str, str, str]:
    """`text` split at its first colon outside brackets, as str.partition: the members a heading lists
    in parentheses ("Các cơ quan ... (gồm các Sở: Xây dựng, Công Thương)") are part of its name, and a time
    of day ("trước 15:00 ngày thứ Sáu") is no colon."""
    depth = 0
    for index, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if char == ":" and depth <= 0 and not TIME_OF_DAY.match(text, max(0, index - 2)):
            return text[:index], ":", text[index + 1 :]
    return text, "", ""


def _members(head: str, rest: str) -> str | None:
    """The members a group's colon lists before their duty ("Ủy ban nhân dân các tỉnh, thành phố: Tuyên
    Quang, Đồng Nai, Hồ Chí Minh quyết liệt chỉ đạo ...", "Các Sở: Tài chính, Xây dựng chủ trì ..."): after
    a plural group, capitalised names up to the duty verb. None where the colon opens the duty itself."""
    if not GROUP_END.search(head):
        return None
    verb = _lead_end(rest, colon=False)
    if verb is None and rest.rstrip().endswith(":"):  # "... các tỉnh: Đắk Lắk, Khánh Hòa, Gia Lai và Lâm Đồng:"
        verb = len(rest.rstrip()) - 1
    names = rest[:verb].strip(" ,") if verb else ""
    if not names or duty_verb().match(f" {names}") or len(names.split()) > MAX_AGENCY_WORDS:
        return None
    # Each group between semicolons names members with capitals, or is a group of its own ("các đơn vị,
    # địa phương liên quan" closing the list).
    groups = [_closing_group(group.strip()) for group in names.split(";") if group.strip()]
    named = [group for group in groups if not group.startswith("các ")]
    pieces = [piece.strip() for group in named for piece in re.split(r",|\bvà\b", group) if piece.strip()]
    if not pieces or not all(piece[:1].isupper() for piece in pieces):
        return None
    # "các Sở: Tài chính, Xây dựng ..." lists names of one capital each; a lone piece must be a proper
    # name of two ("Tuyên Quang"), not a capitalised duty ("Quyết định phê duyệt ...").
    return names if len(pieces) >= 2 or sum(word[:1].isupper() for word in names.split()) >= 2 else None


def _closing_group(names: str) -> str:
    """The names a list gives before a group of bodies closing it ("Khánh Hòa, Đắk Lắk, Gia Lai và lãnh đạo các
    Bộ, ngành"): the group is named by its kind, in small letters, not member by member."""
    listed, joined, group = names.rpartition(" và ")
    if joined and group[:1].islower() and names_agency(group[:1].upper() + group[1:]):
        return listed.strip()
    return names


def names_person(text: str) -> bool:
    """Whether `text` is a person named with a title ("Ông. Hoàng Văn Thuân - Trưởng đoàn", "Bà Lê Thị A"):
    the title, then at least two capitalised words of a name. Only a head before a colon is read so
    (the form of a duty given to a member of a team); a sentence that opens with a person is news."""
    for title in word_list("person_titles.txt"):
        if text.startswith(title):
            rest = text[len(title) :].lstrip(". ").split()
            return len(rest) >= 2 and all(word[:1].isupper() for word in rest[:2]) and text[len(title)] in ". "
    return False


def _lead_end(text: str, colon: bool) -> int | None:
    """Where the agency's name ends and its duty begins: the first duty verb after the name's first
    two words ("Ban Chỉ đạo ..." is a name), and not a capitalised one right after a word that opens a
    name (", các thành viên của Ban Chỉ đạo ..."), that is not part of a relative clause ("các đơn vị
    được giao chủ trì"). Before a colon, only the verbs that turn a name into an introduction count ("Sở X có
    trách nhiệm:", "Sở X chủ trì, phối hợp ...:"); "Các doanh nghiệp ... trong lĩnh vực xây dựng:" is a
    name."""
    words = text.split()
    if not colon and (short_name := _short_name_start(text)) is not None:
        return short_name  # "Ban Chỉ đạo lập điều chỉnh quy hoạch tỉnh (viết tắt là Ban Chỉ đạo) chỉ đạo ..."
    if not colon and words and kind_alone(words[0]) and BARE_DUTY.match(text, len(words[0])):
        return len(words[0])  # "Hội thực hiện việc chia, tách ...", "Quỹ có trách nhiệm ...": a body named by its kind
    start = len(" ".join(words[:2]))
    for match in duty_verb().finditer(text, start):
        verb = match.group(0).strip().lower()
        if RELATIVE.search(text[: match.start()]) or _names_on(text[: match.start()], match.group(0)):
            continue
        if _names_a_role(text[: match.start()], text[match.end() :]):
            continue  # "Cơ quan chủ trì giải quyết thủ tục ...", "Cơ quan phối hợp có trách nhiệm ..."
        if colon and verb not in COLON_HEAD_VERBS:
            continue
        if not colon:
            qualified = _qualified_subject_end(text)
            if qualified is not None and qualified >= match.start():
                return qualified
            time = DATED.search(text, start, match.start())
            named = _name_end(text, start) or match.start()
            subject = text[: match.start()]
            if _generic_subject(subject):
                named = match.start()  # "Các cơ sở giáo dục đại học công lập chủ động ..." is read whole
            end = min(match.start(), named, time.start() if time else len(text))
            end = max(end, min(_known_name_end(text), match.start()))  # "Hội Bảo vệ quyền trẻ em tỉnh"
            relative = RELATIVE_CLAUSE.match(text, end)
            return relative.end(1) if relative else end
        return match.start()
    return None


def _short_name_start(text: str) -> int | None:
    """Where a subject's full name ends at the short name it is given ("... (viết tắt là Ban Chỉ đạo)"), when its
    duty follows that parenthesis; a definition ("Phòng và tương đương (sau đây gọi chung là phòng);") or a duty's
    own object ("... hệ thống quản lý chất lượng (sau đây gọi tắt là QLCL) và ...") is no name."""
    short_name = SHORT_NAME.search(text)
    if short_name is None or len(text[: short_name.start()].split()) > MAX_AGENCY_WORDS:
        return None
    close = text.find(")", short_name.end())
    return short_name.start() if close != -1 and duty_verb().match(f" {text[close + 1 :].lstrip()}") else None


def _qualified_subject_end(text: str) -> int | None:
    """Where a subject named by its kind of body and what it does ends, before the words that give it its duty
    ("Cơ quan tiếp nhận văn bản kê khai giá có trách nhiệm ...", "Các Sở, ngành chủ trì, quản lý, tham gia thực
    hiện các dự án ... thuộc Chương trình có trách nhiệm ..."): the words before "có trách nhiệm" say which
    bodies, in one clause (no stop, colon or semicolon, and not joined on by "và" or a comma). A body that
    directs others ("các cơ quan chuyên môn chỉ đạo các cơ sở giáo dục ... chịu trách nhiệm ...") is no such
    subject: those it directs are responsible."""
    words = " ".join(re.sub(r"[^\w\s]", " ", fold(text[:MAX_OPENER_CHARS])).split())  # "Đơn vị, tổ chức ..."
    if not f"{words} ".startswith(_folded_openers("generic_subjects.txt")):
        return None
    match = RESPONSIBLE.search(text[:MAX_OPENER_CHARS])
    if match is None:
        return None
    subject = text[: match.start()]
    if re.search(r"[.;:]|(?:,|\svà)$", subject) or CAUSATIVE.search(subject):
        return None
    return match.start()


def _generic_subject(subject: str) -> bool:
    """A short subject named by its kind of body (data/generic_subjects.txt), no relative clause or list
    in it: its lower-case words up to the verb are all its own."""
    return (
        len(subject.split()) <= MAX_SUBJECT_WORDS
        and not re.search(r"[;:()]|\sđược\s", subject)
        and f"{fold(subject)} ".startswith(_folded_openers("generic_subjects.txt"))
    )


def _names_a_role(before: str, after: str) -> bool:
    """A verb right after a bare "Cơ quan" or "Đơn vị" names the body by its role in the work ("Cơ quan
    chủ trì", "Cơ quan tiếp nhận kê khai giá"), unless it takes its partner ("Các đơn vị phối hợp với
    ...")."""
    return fold(before).strip() in ROLE_NOUNS and not re.match(r"\s*(?:với|cùng)\b", after)


def _known_name_end(text: str) -> int:
    """Where the longest gazetteer name that opens `text` ends (0 when none does): a known name is
    whole, however many small words it holds."""
    words = text.split(" ")
    for count in range(min(len(words), MAX_KNOWN_NAME_WORDS), 1, -1):
        name = " ".join(words[:count])
        if agency_key(name) in agency_keys():
            return len(name)
    return 0


def _names_on(before: str, verb: str) -> bool:
    """A capitalised verb after a word that opens a name is a word of that name ("Ban Chỉ đạo"); after "Ban",
    in lower case too ("Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia")."""
    words = before.split()
    return bool(words) and (verb.strip()[:1].isupper() and words[-1] in list_heads() or words[-1] == "Ban")


@cache
def _name_words() -> frozenset[str]:
    return frozenset(word_list("name_words.txt"))


def _name_end(text: str, start: int) -> int | None:
    """Where the words of a subject stop being a name: the first lower-case syllable that no name holds
    (data/name_words.txt), does not follow a connective ("Khu chế xuất và công nghiệp") and does not finish
    a capitalised word ("Tài nguyên", "Phát triển nông thôn": a few syllables after a capital); "tổ chức"
    only in a list ("các tổ chức", ", tổ chức"); a
    parenthesis is read whole. None when the name runs on."""
    names = _name_words()
    since_capital, depth, previous = 0, 0, ""
    for token in re.finditer(r"[^\s\-–]+", text):
        word = token.group(0)
        depth += word.count("(") - word.count(")")
        core = word.strip(".,;:()")
        listed = previous.endswith(",") or previous == "tổ"
        if token.start() < start or depth > 0 or word.endswith(")") or not core or core[:1].isupper() or core.isdigit():
            since_capital = 0 if core[:1].isupper() else since_capital + 1
        elif core == "được":
            return token.start() - 1  # a relative clause: "các cơ quan được giao ..."
        elif previous in CONNECTIVES:  # a name does not end on "và", "các", "của": the word after them is its own
            since_capital = MAX_WORD_TAIL - 1
        elif core in names or core in LIST_NOUNS and listed:
            since_capital += 1
        elif since_capital < MAX_WORD_TAIL:
            since_capital += 1
        else:
            return token.start() - 1
        previous = word.lower()
    return None


def _clean(text: str) -> str:
    """An agency as written, without the role a parenthesis gives it ("Sở Nội vụ (Cơ quan thường trực ...)")
    or an aside after "trong đó", and without marks trailing its last word (a speck OCR read as "¬" or "_") or
    the note numbers of a consolidated text ("Bộ Nội vụ[6]")."""
    text = TRAILING_MARKS.sub("", " ".join(FOOTNOTE_MARK.sub("", text).split())).strip(" .;,:-–")
    if text.count("(") > text.count(")"):
        text = text[: text.rindex("(")].strip(" .;,:-–")
    text = ROLE_AFTER_DASH.sub("", text)
    text = ASIDE.sub("", text)
    return re.sub(r"\s*\([^()]*\)$", "", text).strip(" .;,:-–") or text


def _task(
    node: Node, head: Head | None, section: tuple[str | None, str | None], text: str, item: Node | None = None
) -> TaskDraft:
    """A duty; a bullet or paragraph under an agency item carries the item's number."""
    numbered = node.kind in ("number", "decimal", "letter", "paren", "article")
    stt = node.label if numbered else item.label if item is not None and item.kind != "article" else None
    return TaskDraft(
        task=text.strip(),
        origin="prose",
        page=node.page,
        section=section[0],
        section_title=section[1],
        stt=stt,
        lead_agency=head.lead if head else None,
        is_request=bool(head and head.requested),
    )


def duties(
    node: Node,
    section: tuple[str | None, str | None],
    sentences_only: bool | str = False,
    adopted: dict[int, Head] | None = None,
) -> list[TaskDraft]:
    """Duties in the subtree of a node that assigns work (a task section, an article, a directive's
    body): agency items, their children, and agency-led sentences (only these where
    `sentences_only`: outside the sections that assign work, "Agency: ..." lines are lists).
    `adopted`: the headings its children's list names as doers (_named_by_siblings), when the children
    are read one by one and the list was read once for them all."""
    found: list[TaskDraft] = []
    numbered = node.kind in ("number", "decimal", "letter", "paren")
    adopted = _named_by_siblings(node.children) if adopted is None else adopted
    for child in node.children:
        tasks = _child_duties(child, section, sentences_only, adopted.get(id(child)))
        for task in tasks:  # "- Sở Nội vụ hướng dẫn ..." under "2. Trách nhiệm thực hiện" is a duty of item 2
            task.stt = task.stt or (node.label if numbered else None)
        found.extend(tasks)
    return found


def _is_heading_node(node: Node) -> bool:
    """An unpunctuated item over items of its own: read like a head before a colon, so the same
    length bounds it."""
    return (
        bool(node.children)
        and len(node.text.split()) <= MAX_AGENCY_WORDS
        and not node.text.rstrip().endswith((".", ";"))
    )


def _named_by_siblings(children: list[Node]) -> dict[int, Head]:
    """Numbered headings over duties of their own, in a list whose other headings name agencies, that
    name doers the agency words do not know ("5. Các chủ rừng là tổ chức (các Ban quản lý rừng ...)"
    after "4. Công an tỉnh"): the heading is the lead, as written. Only a plural ("Các ...", "Những
    ...") or a position ("1.1. Trưởng Ban Chỉ đạo" before "1.2. Sở Tài chính") names doers so; a
    heading that opens with a duty verb or a topic ("Về ..."), or names a kind of work
    (work_headings.txt), names none ("7. Cơ chế phối hợp ...", "8. Phương án huy động ...")."""
    headings = [child for child in children if child.kind in ("number", "decimal") and _is_heading_node(child)]
    heads = {id(child): agency_head(child.text, heading=True) for child in headings}
    named = [child for child in headings if (head := heads[id(child)]) is not None and not head.sentence]
    if len(named) < MIN_NAMED_SIBLINGS or 2 * len(named) < len(headings):
        return {}
    return {
        id(child): Head(" ".join(child.text.split()).strip(" .;,:-–"), "", False, True, False)
        for child in headings
        if heads[id(child)] is None
        and (PLURAL.match(child.text) or _names_position(child.text))
        and not _opens_with_work(child.text)
        and not _names_work(child.text)
    }


def _names_position(text: str) -> bool:
    """A heading that opens with a person's position ("1.1. Trưởng Ban Chỉ đạo", "Phó Trưởng ban
    thường trực"): a doer among the agency headings beside it (data/signer_positions.txt)."""
    folded = fold(text).removeprefix("pho ")
    return folded.startswith(_folded_openers("signer_positions.txt"))


def _opens_with_work(text: str) -> bool:
    """A heading that opens with a duty verb or a topic ("Về ..."): it names work, not a doer."""
    return bool(TOPIC.match(text)) or _opens_with_verb(text)


def _child_duties(
    child: Node, section: tuple[str | None, str | None], sentences_only: bool | str = False, given: Head | None = None
) -> list[TaskDraft]:
    head = given or agency_head(child.text, _is_heading_node(child))
    if (
        head is not None
        and sentences_only
        and not head.sentence
        and (child.kind in ("dash", "plus", "text") or sentences_only == SENTENCES)
    ):
        head = None  # "- Ban Chỉ đạo bầu cử: Không quá 05 cá nhân;" outside a task section: a list, no duty
    if head is None:
        if child.kind == "text" and not _introduces_duties(child) or not child.children:
            return []
        requested = bool(REQUEST.match(child.text)) and len(child.text.split()) <= 3
        inner = duties(child, section, sentences_only)
        for task in inner:
            task.is_request = task.is_request or requested
        return inner
    return agency_duties(child, head, section)


def _introduces_duties(node: Node) -> bool:
    """An unlabelled paragraph ending with a colon that says its bullets give out work ("... nêu rõ nhiệm vụ chung
    ... như sau:", "... giao các cơ quan ...:"): the agency-led bullets under it are duties, as under a heading."""
    folded = f" {fold(node.text)} "
    return node.depth == INTRO_DEPTH and (" nhiem vu " in folded or _says_work_is_given(node.text))


def agency_duties(item: Node, head: Head, section: tuple[str | None, str | None]) -> list[TaskDraft]:
    """The duties of an agency item: its own text (unless it only introduces), then one per child.
    A child that names another agency is an agency item of its own ("a) Công an tỉnh:" under "1. Các
    cơ quan cấp tỉnh:"); a child that only introduces ("a) Nhiệm vụ chung:") gives its children."""
    found: list[TaskDraft] = []
    children = item.children
    head, children = _members_below(item, head, children)
    if head.sentence and _lists_contents(item.text, children):
        return [_task(item, head, section, item.full_text())]
    if head.sentence or not head.intro:  # the item's own duty, and the unlabelled paragraphs that go on with it
        own = item.text if head.sentence else head.own
        going_on = [child for child in children if child.kind == "text" and not _assigns_anew(child, head)]
        more = [child.text for child in going_on]
        children = [child for child in children if all(child is not other for other in going_on)]
        if not INTRO_END.search(own) or not (children or own.rstrip().endswith(":")) or _works_before(own):
            found.append(_task(item, head, section, "\n".join([own, *more])))
    for child in children:
        if child.kind == "text" and TIME_LIMIT.match(child.text) and found:
            found[-1].task = f"{found[-1].task}\n{child.text.strip()}"  # the time limit of the duty above it
            continue
        found.extend(_point_duties(child, head, section, item))
    return found


def _lists_contents(text: str, children: list[Node]) -> bool:
    """A duty whose points only list what it covers ("... tổng hợp báo cáo cụ thể về một số nội dung sau:" over
    "(1) Số hộ dân có nhà bị sập ...", "(2) Số hộ dân có nhà bị hư hỏng ..."): points that name things, not
    work (none opens with a duty verb or names an agency), are part of its sentence."""
    points = [child for child in children if child.kind in ("number", "decimal", "letter", "paren", "dash")]
    return (
        len(points) >= 2
        and len(points) == len(children)
        and text.rstrip().endswith(":")
        and bool(INTRO_END.search(text))
        and not any(_opens_with_verb(point.text) or agency_head(point.text) is not None for point in points)
    )


def _opens_with_verb(text: str) -> bool:
    return bool(duty_verb().match(f" {text[:1].lower()}{text[1:]}"))


def _members_below(item: Node, head: Head, children: list[Node]) -> tuple[Head, list[Node]]:
    """A group heading whose members stand on a line of their own ("1. Chủ tịch Ủy ban nhân dân các tỉnh, ...,
    trong đó trọng tâm là các tỉnh:" / "Đắk Lắk, Khánh Hòa, Gia Lai và Lâm Đồng:"): the line is part of the
    heading, not a duty."""
    if not (head.intro and not head.sentence and children and children[0].kind == "text"):
        return head, children
    group = _outer_colon(item.text)[0].strip()
    names = children[0].text.strip()
    members = _members(group, names) if names.endswith(":") else None
    if members != names[:-1].strip():
        return head, children
    return Head(_clean(f"{group}: {members}"), head.own, head.requested, True, False), children[1:]


def _point_duties(child: Node, head: Head, section: tuple[str | None, str | None], item: Node) -> list[TaskDraft]:
    """The duties a child of an agency's item gives: its own agency's, where it names one; its
    points', where it only titles or introduces them (each point read the same way: "Ngoài các trách
    nhiệm chung, một số đơn vị ... nội dung sau:" over "a) Sở Xây dựng" / "- ..."); else itself."""
    numbered = child.kind in ("number", "decimal", "letter", "paren")
    explicit = bool(ASSIGNED.match(child.text) or REQUEST.match(child.text))  # "- Giao Sở X ..." names its own
    explicit = explicit or child.kind == "text" and _opens_with_another(child, head)
    # A point that opens with its work ("a) Chủ trì ...; giao Bộ trưởng Bộ X quyết định ...") is the item's agency's.
    inner = agency_head(child.text) if (numbered or explicit) and not _opens_with_verb(child.text) else None
    if inner is not None and not inner.sentence:
        return agency_duties(child, inner, section)
    if child.children and (numbered and _groups_points(child) or child.kind == "text" and _introduces(child)):
        return [duty for point in child.children for duty in _point_duties(point, head, section, child)]
    lead = inner if inner is not None and (explicit or head.intro) else head
    return [_task(child, lead, section, child.full_text(), item)]


def _works_before(own: str) -> bool:
    """An item's text that gives work before it introduces more ("... là cơ quan đầu mối, chủ trì, hướng
    dẫn thực hiện Đề án ...; tổ chức thực hiện các nhiệm vụ sau:"): a duty of its own, not only an
    introduction."""
    before, semicolon, _ = own.rpartition(";")
    return bool(semicolon) and duty_verb().search(f" {before}") is not None


def _assigns_anew(paragraph: Node, head: Head) -> bool:
    """An unlabelled paragraph under an agency's item that gives work in its own words ("Đồng thời, giao
    Công an tỉnh chủ trì ...", "Giao Sở Tài chính ...") or to another agency as its subject ("Ủy ban nhân
    dân các tỉnh: ... khẩn trương gửi Báo cáo ..." under "1. Chủ tịch Ủy ban nhân dân các tỉnh: ..."): a
    duty of its own, not the rest of the item's."""
    if ASSIGNED.match(paragraph.text) or ASSIGNED_INSIDE.search(paragraph.text[:MAX_OPENER_CHARS]):
        return agency_head(paragraph.text) is not None
    return _opens_with_another(paragraph, head)


def _opens_with_another(paragraph: Node, head: Head) -> bool:
    """An unlabelled paragraph whose subject, at its start, is an agency other than the item's."""
    own = _opening_agency(paragraph.text)
    return own is not None and own.sentence and fold(own.lead) != fold(head.lead)


def _groups_points(node: Node) -> bool:
    """A short title over points ("a) Nhiệm vụ chung:", "1. Công tác phòng ngừa sự cố") groups duties;
    so does a title that only gives the agency's part in them ("a) Chủ trì, phối hợp với các sở, ngành
    ..." over "- " duties, then "b) Phối hợp với ..."); a sentence over them ("a) Chỉ đạo các ngân hàng
    ... như sau:") is one duty with its points."""
    text = node.text.rstrip()
    if text.endswith((".", ";")):
        return False
    if _only_a_part(text):
        return True
    if len(text.split()) > MAX_GROUP_HEADING_WORDS:
        return False
    return text.endswith(":") or duty_verb().search(f" {text}") is None


def _only_a_part(text: str) -> bool:
    """A role and the bodies it is shared with, no work named: "Chủ trì, phối hợp với các sở, ban,
    ngành và cơ quan, đơn vị có liên quan", "Phối hợp với các sở, ngành:"."""
    role = ROLE_TITLE.match(text)
    if role is None or not (role["partners"].strip() or text.endswith(":")):
        return False  # "b) Chủ trì, phối hợp" over "- Sở Tài chính ... tham mưu ...": the points go on its sentence
    return duty_verb().search(f" {role['partners']}") is None


def _introduces(node: Node) -> bool:
    """An unlabelled paragraph that opens an agency's item by introducing the points under it ("Chủ
    trì, phối hợp với các sở, ngành ... :" over "- " duties): each point is a duty of its own."""
    text = node.text.rstrip()
    return text.endswith(":") and (bool(INTRO_END.search(text)) or _only_a_part(text[:-1]))


@dataclass(frozen=True)
class Scope:
    """A subtree that assigns work, the section it stands in, and whether only agency-led sentences
    count there (outside the sections that assign work)."""

    node: Node
    section: tuple[str | None, str | None]
    sentences_only: bool | str = False  # True: numbered agency items and sentences; SENTENCES: sentences only


def task_scopes(root: Node, assigns: bool, replies: bool = False) -> list[Scope]:
    """The subtrees that assign work: the task sections ("Tổ chức thực hiện"), the body before the
    first roman section (the articles of a Quyết định, the items of a Chỉ thị), and, for their
    numbered agency items and agency-led sentences, the other sections but those that state purposes
    ("Mục đích, yêu cầu").
    A document whose lead-in never says work is given out (a reply listing opinions) assigns nothing
    outside its task sections and articles: `assigns` says its type is made to hand out work, `replies`
    that it is a type known to answer or report (a letter, a notice)."""
    hands_out = assigns or _hands_out_duties(root, replies)
    scopes: list[Scope] = []
    loose = Node("root", None, "", root.page, 0, [child for child in root.children if child.kind != "section"])
    if hands_out:
        scopes.append(Scope(loose, (None, None)))
        scopes.extend(Scope(node, (None, None)) for node in _opinions(loose))
    else:
        nodes = _task_nodes(loose)
        scopes.extend(Scope(node, (None, None)) for node in nodes)
        scopes.extend(Scope(node, (None, None)) for node in _requests(_without(loose, nodes)))
    for section in (child for child in root.children if child.kind == "section"):
        key = (section.label, section.text)
        if is_task_heading(section.text):
            scopes.append(Scope(section, key))
        elif hands_out and not _states_purpose(section.text):
            scopes.extend(Scope(node, key) for node in _task_nodes(section))
            # A section on the work itself ("NỘI DUNG", "NHIỆM VỤ") gives its agency items duties; one on
            # something else ("SỐ LƯỢNG ĐỀ NGHỊ KHEN THƯỞNG", "KINH PHÍ") only its agency-led sentences.
            lists = True if _names_work(section.text) else SENTENCES
            scopes.append(Scope(_without(section, _task_nodes(section)), key, lists))
        else:
            scopes.extend(Scope(node, key) for node in _task_nodes(section))
    return scopes


def _without(node: Node, taken: list[Node]) -> Node:
    """A copy of the subtree less the nodes already read as scopes of their own."""
    children = [_without(child, taken) for child in node.children if not any(child is t for t in taken)]
    return Node(node.kind, node.label, node.text, node.page, node.depth, children)


def _names_work(heading: str) -> bool:
    folded = fold(heading)
    return any(phrase in folded for phrase in _folded_phrases("work_headings.txt"))


def _states_purpose(heading: str) -> bool:
    """ "I. MỤC ĐÍCH, YÊU CẦU": a section that says why, not who does what ("MỤC TIÊU, NHIỆM VỤ" does both)."""
    folded = fold(heading)
    return (
        any(phrase in folded for phrase in _folded_phrases("purpose_headings.txt"))
        and not any(phrase in folded for phrase in _folded_phrases("work_headings.txt"))
        and not is_task_heading(heading)
    )


def _hands_out_duties(root: Node, replies: bool) -> bool:
    """Whether the lead-in to the body's first numbered item says that work is being given out
    ("Chủ tịch ... có ý kiến chỉ đạo như sau:"): a reply whose items report opinions does not."""
    lead_in = " ".join(_lead_in(root, replies))
    return _says_work_is_given(lead_in) or _leader_gives_opinion(lead_in)


def _requests(node: Node) -> list[Node]:
    """The unlabelled paragraphs of a reply that ask a body to act ("Đề nghị Thuế tỉnh Hà Tĩnh căn cứ ... để
    hướng dẫn đơn vị thực hiện.", "Bộ Nội vụ đề nghị Ủy ban nhân dân các tỉnh ... triển khai ..."): what the
    reply asks is work given, though its lead-in gives none. A body named by its kind alone ("Đề nghị Công ty
    nghiên cứu quy định ... để thực hiện") is the party the reply answers, told how to apply the law."""
    found: list[Node] = []
    for child in node.children:
        head = agency_head(child.text) if child.kind == "text" else None
        if (
            head is not None
            and head.sentence
            and (head.requested or ASSIGNED.match(child.text))
            and not kind_alone(head.lead)
        ):
            found.append(child)
        else:
            found.extend(_requests(child))
    return found


def _opinions(loose: Node) -> list[Node]:
    """The paragraphs under a preamble's paragraph that passes on a leader's opinion ("..., Phó Thủ tướng
    Trần Hồng Hà có ý kiến như sau:" over "Bộ Xây dựng làm việc với ..."): the opinion is the body, though no
    label opens it. The paragraphs after it at its level are the opinion too (one that opens like a closing,
    "Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên khẩn trương ...", is placed there)."""
    for index, child in enumerate(loose.children):
        if child.kind == "text" and _introduces_below(child.text) and _leader_gives_opinion(child.text):
            after = [node for node in loose.children[index + 1 :] if node.kind == "text"]
            return [Node("opinion", None, "", child.page, child.depth, [*child.children, *after])]
    return []


def _leader_gives_opinion(text: str) -> bool:
    """A person's opinion passed on by an office ("..., Phó Thủ tướng Trần Hồng Hà có ý kiến như sau:"): a
    leader's opinion directs, where an office's ("Cục Thuế có ý kiến như sau:") answers. The person is
    named as people are (a family name and capitalised given names) in the clause before the words."""
    for match in OPINION.finditer(text):
        words = text[: match.start()].rpartition(",")[2].split()[-MAX_OPINION_WORDS:]
        if any(person_name_shape(" ".join(words[i : i + n])) for n in (2, 3, 4) for i in range(len(words) - n + 1)):
            return True
    return False


def _says_work_is_given(text: str) -> bool:
    """Whether `text` holds a word by which work is handed out (data/assignment_cues.txt)."""
    folded = f" {fold(text)} "
    return any(f" {cue} " in folded for cue in _folded_phrases("assignment_cues.txt"))


def _hands_out_below(node: Node) -> bool:
    """An item whose own words give out the work listed under it ("3. Trong thời gian tới, yêu cầu các
    bộ, ngành tập trung thực hiện một số nhiệm vụ như sau:"), in a notice that otherwise reports."""
    return (
        node.kind in ("number", "decimal", "letter", "paren", "text")
        and bool(node.children)
        and node.text.rstrip().endswith(":")
        and _says_work_is_given(node.text)
    )


def _lead_in(node: Node, replies: bool = False) -> list[str]:
    """The text of the nodes before the first numbered item or article, in document order. In a letter
    or notice (`replies`) without them, up to the paragraph that introduces what follows ("Về vấn đề này,
    Cục Thuế có ý kiến như sau:"; the recipients' "Kính gửi:" introduces none): the answer below it is no
    lead-in."""
    found = _before_items(node)
    if not replies or len(found) < _count(node):
        return found
    intro = next((i for i, text in enumerate(found) if _introduces_below(text)), len(found))
    return found[: intro + 1]


def _introduces_below(text: str) -> bool:
    return text.rstrip().endswith(":") and not ADDRESSES.search(text.rstrip().removesuffix(":"))


def _before_items(node: Node) -> list[str]:
    """The text of the nodes before the first numbered item or article, in document order."""
    found: list[str] = []
    for child in node.children:
        if child.kind in ("number", "decimal", "letter", "article"):
            return found
        found.append(child.text)
        inner = _before_items(child)
        found.extend(inner)
        if len(inner) < _count(child):
            return found
    return found


def _count(node: Node) -> int:
    return sum(1 + _count(child) for child in node.children)


def _task_nodes(node: Node) -> list[Node]:
    found: list[Node] = []
    taken: set[int] = set()
    for index, child in enumerate(node.children):
        if id(child) in taken:
            continue
        lead_in = _lead_in_node(node.children, index)
        if lead_in is not None:
            found.append(lead_in[0])
            taken.update(id(item) for item in lead_in[0].children)
        elif child.kind == "article" and not _assigns_nothing(child):
            found.append(child)
        elif (
            child.kind in ("number", "decimal", "letter")
            and is_task_heading(child.text)
            and (child.children or agency_head(child.text.partition(":")[2]) is not None)
        ) or _hands_out_below(child):
            found.append(child)
        else:
            found.extend(_task_nodes(child))
    return found


def _lead_in_node(children: list[Node], index: int) -> tuple[Node, Head] | None:
    """A paragraph that names the doer of the numbered items after it, which name none ("Để tiếp tục
    ..., tỉnh Đắk Lắk cần ... một số nội dung trọng tâm sau:" / "1. Rà soát ..." / "2. ..."): the
    paragraph with those items as its own, and the doer it names; or None."""
    child = children[index]
    head = _lead_in_head(child.text) if child.kind == "text" else None
    if head is None:
        return None
    items = []
    for item in children[index + 1 :]:
        if item.kind not in ("number", "decimal", "letter") or agency_head(item.text) is not None:
            break
        if REPORTS.search(item.text.split(". ", 1)[0]):
            return None  # "1. Trong thời gian qua, nước ta đã tiến hành ...": what to tell, not what to do
        items.append(item)
    return (Node("text", None, child.text, child.page, child.depth, items), head) if items else None


def _lead_in_head(text: str) -> Head | None:
    """The bodies a lead-in asks to carry out what follows (", Thủ tướng Chính phủ yêu cầu Bộ trưởng, ... thực
    hiện một số nhiệm vụ trọng tâm cấp bách sau:"), or the province or city it names as the doer before its
    colon ("..., thành phố Đà Nẵng cần tập trung thực hiện tốt một số nhiệm vụ, giải pháp sau đây:"; its name
    from the gazetteer)."""
    if not text.rstrip().endswith(":"):
        return None
    asked = ASKED_IN_LEAD_IN.search(text)
    if asked:  # "Thiết thực lập thành tích ..., Thủ tướng Chính phủ yêu cầu Bộ trưởng, ... thực hiện ... sau:"
        head = _opening_agency(text[asked.end() :].rstrip().removesuffix(":"), mid_sentence=True)
        if head is not None and head.sentence:
            return Head(head.lead, text.strip(), asked["verb"] == "đề nghị", True, False)
    match = LEAD_IN_PLACE.search(text) if INTRO_END.search(text) else None
    if match is None or fold(match["name"]) not in _province_names():
        return None
    return Head(f"{match['kind']} {match['name']}", text.strip(), False, True, False)


def _names_province(text: str) -> bool:
    """A subject that names provinces or cities of the gazetteer ("Các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng
    khẩn trương ...", "Thành phố Hồ Chí Minh, tỉnh Lâm Đồng đẩy nhanh ..."): a national notice's doers."""
    match = PROVINCE_SUBJECT.match(text)
    if match is None:
        return False
    words = match["name"].split()
    return any(fold(" ".join(words[:count])) in _province_names() for count in (1, 2, 3))


def _only_provinces(subject: str) -> bool:
    """A subject made of provinces' names alone ("Thành phố Hà Nội và các tỉnh Bắc Ninh, Gia Lai")."""
    parts = re.split(r",\s*|\s+và\s+", subject.strip(" ,"))
    names = [re.sub(r"^(?:các\s+)?(?:tỉnh|thành phố)\s+", "", part, flags=re.IGNORECASE) for part in parts]
    return all(fold(name) in _province_names() for name in names)


@cache
def _province_names() -> frozenset[str]:
    return frozenset(fold(province.name) for province in provinces())


def article_duties(article: Node, section: tuple[str | None, str | None]) -> list[TaskDraft]:
    """An article assigns in its own sentence ("Điều 2. Giao Sở Y tế chủ trì ...") or in its items."""
    head = agency_head(article.text)
    if head is None and is_task_heading(article.text):  # "Điều 2. Tổ chức thực hiện. Giao Sở ..."
        head = agency_head(article.text.partition(". ")[2])
    if head is not None:
        return agency_duties(article, head, section)
    return duties(article, section)


def _assigns_nothing(article: Node) -> bool:
    """An article that executes or scopes the document ("Điều 2. Đối tượng áp dụng" over "1. Các cơ quan, tổ
    chức, cá nhân có liên quan đến ..."; "Phạm vi điều chỉnh"): its items name bodies the rules concern, not
    work given to them."""
    title = article.text.split(". ", 1)[0]
    return _is_execution_clause(article) or (
        len(title.split()) <= MAX_GROUP_HEADING_WORDS and SCOPE_ARTICLE.match(fold(title)) is not None
    )


def _is_execution_clause(node: Node) -> bool:
    """ "Chánh Văn phòng ..., Thủ trưởng các cơ quan ... chịu trách nhiệm thi hành Quyết định này."""
    return DECISION_EXECUTION in fold(node.full_text()) or "co hieu luc" in fold(node.text)


def scope_duties(root: Node, assigns: bool, replies: bool = False) -> list[TaskDraft]:
    """Every duty the body assigns, in document order (`assigns`, `replies`: task_scopes)."""
    tasks: list[TaskDraft] = []
    for scope in task_scopes(root, assigns, replies):
        if scope.node.kind == "article":
            tasks.extend(article_duties(scope.node, scope.section))
        else:
            tasks.extend(_scope_duties(scope))
    return [
        task for task in tasks if task.task and not _is_execution_clause_text(task.task) and not _only_carries_out(task)
    ]


def _scope_duties(scope: Scope) -> list[TaskDraft]:
    """Duties of a scope, its articles read as articles; the unlabelled paragraphs that open the body
    (the preamble: "UBND tỉnh ban hành Kế hoạch ... như sau:") assign nothing."""
    node, section = scope.node, scope.section
    head = (agency_head(node.text) or _lead_in_head(node.text)) if node.kind == "text" else None
    if head is not None:  # "Đề nghị Thường trực Tỉnh ủy ... sau:" over its items
        return agency_duties(node, head, section)
    tasks: list[TaskDraft] = []
    opening = node.kind == "root"
    adopted = _named_by_siblings(node.children)  # once for the list: its children are read one by one
    taken: set[int] = set()
    for index, child in enumerate(node.children):
        if id(child) in taken:
            continue
        opening = opening and child.kind == "text"
        lead_in = None if scope.sentences_only else _lead_in_node(node.children, index)
        if lead_in is not None:  # a lead-in that asks bodies to do the items after it
            tasks.extend(agency_duties(*lead_in, section))
            taken.update(id(item) for item in lead_in[0].children)
            continue
        if opening:
            bullets = bool(child.children) and all(item.kind in ("dash", "plus") for item in child.children)
            asked = _lead_in_head(child.text) if bullets else None
            if asked is not None:  # "..., Sở ... đề nghị UBND các xã, phường; ... thực hiện ... Cụ thể:" over "- "
                tasks.extend(agency_duties(child, asked, section))
            continue
        if child.kind == "article":
            if not _assigns_nothing(child):
                tasks.extend(article_duties(child, section))
        else:
            alone = Node(node.kind, node.label, node.text, node.page, node.depth, [child])
            tasks.extend(duties(alone, section, scope.sentences_only, adopted))
    return tasks


def _only_carries_out(task: TaskDraft) -> bool:
    """The closing line of a directive or a notice: "Yêu cầu Giám đốc các sở, ... triển khai thực hiện
    nghiêm túc Chỉ thị này./." asks for the document itself to be carried out, "Văn phòng Chính phủ xin
    trân trọng thông báo./." says what it is; neither adds a duty."""
    if not task.lead_agency or task.lead_agency not in task.task:
        return False
    carried, _, more = task.task.split(task.lead_agency, 1)[1].strip().partition(". ")
    if CARRY_OUT_THIS.match(carried) is not None and (not more or _is_closing(more)):
        return True  # "... nghiêm túc triển khai thực hiện Kế hoạch này. Trong quá trình thực hiện, nếu có ..."
    if NOTICE_CLOSING.search(task.task) and len(task.task.split()) <= MAX_CLOSING_WORDS:
        return True
    if THANKS.match(task.task):
        return True  # a letter's courtesy at its close: "... trân trọng cảm ơn và rất mong Quý cơ quan phối hợp ..."
    # "Chủ tịch UBND tỉnh yêu cầu Thủ trưởng ... tổ chức quán triệt, ... thực hiện nghiêm túc Chỉ thị này.
    # Trong quá trình thực hiện, nếu có vướng mắc ...": the closing paragraph, whatever verbs it asks with.
    first = task.task.split(". ", 1)[0]
    return _is_closing(task.task) and bool(THIS_DOCUMENT.search(first))


def _is_closing(text: str) -> bool:
    """ "Trong quá trình thực hiện, nếu có khó khăn ...", "Trên đây là ...": a document's closing formula."""
    return fold(text).startswith(_folded_phrases("closing_openers.txt"))


def _is_execution_clause_text(text: str) -> bool:
    """ "... chịu trách nhiệm thi hành Quyết định này."; for a Nghị quyết, Nghị định or Thông tư, the sentence
    that ends so ("Các Bộ trưởng, ... chịu trách nhiệm thi hành Nghị quyết này./."), not one that gives more work
    after it ("... tổ chức thi hành Nghị quyết này; sắp xếp, ổn định bộ máy ...")."""
    folded = fold(text)
    return DECISION_EXECUTION in folded or EXECUTION.search(folded) is not None


# --- the tree as the output shows it ----------------------------------------------------------


MAX_HEADING_WORDS = 25
MAX_LABEL_WORDS = 40  # "17. Đề nghị Ủy ban Mặt trận ... tổ chức xã hội: ..." names several bodies


def section_nodes(root: Node) -> list[SectionNode]:
    """The roman sections with their numbered items, points and bullets nested under them, up to the
    recipients or the signature; unlabelled paragraphs are text of the node above them."""
    found: list[SectionNode] = []
    for section in (child for child in root.children if child.kind == "section"):
        found.append(_section_node(section))
        if section.closed:
            break
    return found


def _section_node(node: Node) -> SectionNode:
    heading, text = (node.text, "") if node.kind == "section" else _heading_and_text(node)
    children: list[SectionNode] = []
    for child in node.children:
        if child.kind == "text":
            text = f"{text}\n{child.text}" if text else child.text
            children.extend(_section_node(grandchild) for grandchild in child.children if grandchild.kind != "text")
        else:
            children.append(_section_node(child))
    return SectionNode(label=node.label or "", heading=heading, text=text, children=children)


def _heading_and_text(node: Node) -> tuple[str | None, str]:
    """A numbered node's heading: what stands before its colon, or the whole of a short line; a bullet
    has none."""
    if node.kind in ("dash", "plus"):
        return None, node.text
    heading, colon, after = node.text.partition(":")
    if colon and len(heading.split()) <= MAX_LABEL_WORDS:
        return heading.strip(), after.strip()
    if len(node.text.split()) <= MAX_HEADING_WORDS and not node.text.endswith((".", ";")):
        return node.text, ""
    return None, node.text
