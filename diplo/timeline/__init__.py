"""Timelines of planned meetings, drawn with matplotlib from the read side's plain data.

`draw_meeting` shows how one meeting's plan changed: every statement on its own row (marker
shape by kind, colour by the status it left the meeting in, hollow when it changed nothing),
the status over time, each party's stance over time, every planned date the plan gave and when
it gave it, and the day the meeting was reported held or dropped. `draw_overview` shows many
meetings as status bands on one time axis.

`series` turns history steps (what `ReadSide.history` returns, each with its `state_after`)
into intervals and points; `meeting` and `overview` draw them, in the look `style` gives.
The output format follows the file suffix: `.png` (150 dpi) or `.svg`.
"""

from diplo.timeline.meeting import draw_meeting
from diplo.timeline.overview import draw_overview
from diplo.timeline.series import TimelineError

__all__ = ["TimelineError", "draw_meeting", "draw_overview"]
