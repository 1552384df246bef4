"""The bullet grammar of list items in cells and prose: the marks a line may open with ("- ", "– ",
"• ", "+ "), one definition for every reader that takes a bullet off or starts an item at one."""

from __future__ import annotations

import re

BULLET_MARK = r"[-–•+]"
# A bullet and the spaces around it, at the start of a line.
BULLET = re.compile(rf"^\s*{BULLET_MARK}\s*")
