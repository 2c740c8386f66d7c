"""Stopping a command (`diplo.stopping`): SIGTERM taken as Ctrl-C is, and both held back where a
stop would leave nothing in place, then acted on."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from diplo.files import replacing_directory
from diplo.stopping import signals_held, stopped_as_by_ctrl_c


def test_a_sigterm_ends_the_block_as_ctrl_c_does_and_the_handler_is_put_back() -> None:
    before = signal.getsignal(signal.SIGTERM)
    ran: list[str] = []
    with pytest.raises(SystemExit) as stopped, stopped_as_by_ctrl_c():
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            ran.append("after the signal")  # not reached: the handler raised
        finally:
            ran.append("finally")
    assert stopped.value.code == 143
    assert ran == ["finally"]
    assert signal.getsignal(signal.SIGTERM) == before


def test_a_stop_inside_a_held_block_waits_for_its_end_then_acts() -> None:
    ran: list[str] = []
    with pytest.raises(SystemExit) as stopped, stopped_as_by_ctrl_c():
        with signals_held():
            os.kill(os.getpid(), signal.SIGTERM)
            ran.append("the rest of the block")
        ran.append("after the block")  # not reached
    assert stopped.value.code == 143
    assert ran == ["the rest of the block"]


def test_ctrl_c_inside_a_held_block_is_a_keyboard_interrupt_after_it() -> None:
    ran: list[str] = []
    with pytest.raises(KeyboardInterrupt), signals_held():
        os.kill(os.getpid(), signal.SIGINT)
        ran.append("the rest of the block")
    assert ran == ["the rest of the block"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_stop_during_the_swap_of_a_site_leaves_the_new_site_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The SIGTERM comes as the old site is renamed away: the swap finishes, the old copy is
    # removed, then the command ends as by Ctrl-C.
    site = tmp_path / "public"
    site.mkdir()
    (site / "index.html").write_text("old")
    rename = Path.rename

    def stopped_while_renaming(self: Path, target: Path) -> Path:
        if self == site:
            os.kill(os.getpid(), signal.SIGTERM)
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", stopped_while_renaming)
    with (
        pytest.raises(SystemExit) as stopped,
        stopped_as_by_ctrl_c(),
        replacing_directory(site) as staging,
    ):
        (staging / "index.html").write_text("new")
    assert stopped.value.code == 143
    assert [p.name for p in tmp_path.iterdir()] == ["public"]
    assert (site / "index.html").read_text() == "new"
