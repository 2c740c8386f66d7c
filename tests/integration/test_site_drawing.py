"""`diplo site` draws timelines in other processes; a killed one leaves the drawing to it."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import pytest

from diplo.web.svg import draw_ahead


def test_drawing_ahead_in_processes_one_of_which_was_killed_says_so_and_draws_nothing() -> None:
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as pool:
        with pytest.raises(BrokenProcessPool):
            pool.submit(os._exit, 1).result()  # the worker dies, as one killed by the OOM killer
        assert draw_ahead([("a-meeting", [], "Timeline of a-meeting")], pool) is False
