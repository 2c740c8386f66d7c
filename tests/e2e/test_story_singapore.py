"""An analyst codes the 2018 Trump-Kim summit in Singapore from a fresh ledger (issue 16).

The episode, from public reporting: on 8 March 2018 South Korea's national security adviser
Chung Eui-yong announced at the White House that Kim Jong-un had invited Trump and that Trump
would meet him by May; the next day the White House confirmed; on 10 May Trump named
Singapore and 12 June; on 24 May his letter to Kim called the meeting off; on 25 May North
Korea's first vice foreign minister Kim Kye-gwan said it was still willing to meet at any time;
on 1 June Trump said the summit was back on for 12 June in Singapore; it was held that day.

The analyst appends the first statement, imports the rest from a YAML file in which Trump's
letter is wrongly coded `postponed`, sees the mistake in the queries, corrects it, and asks the
questions the ledger is for. Every expected text is what a user sees in a pipe 80 columns wide,
written from the rules in the README (statuses, stances, reschedules, the time axes) and the
formats its examples show.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from diplo.cli import main
from tests.conftest import BACKENDS, new_database

SLUG = "trump-kim-singapore-2018"
AT_80 = {"COLUMNS": "80", "FORCE_COLOR": None, "TTY_COMPATIBLE": None, "NO_COLOR": None}

FIRST = [
    "append",
    f"--meeting={SLUG}",
    "--kind=announced",
    "--speaker=Chung Eui-yong",
    "--side=KR",
    "--said-on=2018-03-08",
    "--summary=Kim Jong-un has invited Trump to meet; Trump will meet him by May",
    "--outlet=The New York Times",
    "--published=2018-03-08",
    "--party=US",
    "--party=KP",
    "--participant=Donald Trump",
    "--participant=Kim Jong-un",
    "--planned-for=2018-05",
]
"""South Korea, not a party, floats the meeting: `proposed`, with no stance for anyone."""


def source(outlet: str, published: str) -> dict[str, str]:
    return {"outlet": outlet, "published": published}


REST = [
    {
        "id": "sanders-accepts",
        "meeting": SLUG,
        "kind": "confirmed",
        "speaker": "Sarah Huckabee Sanders",
        "side": "US",
        "said_on": "2018-03-09",
        "summary": "Trump accepts the invitation; time and place to be determined",
        "source": source("Reuters", "2018-03-09"),
    },
    {
        "id": "trump-names-singapore",
        "meeting": SLUG,
        "kind": "announced",
        "speaker": "Donald Trump",
        "side": "US",
        "said_on": "2018-05-10",
        "quote": "will take place in Singapore on June 12th",
        "planned_for": "2018-06-12",
        "place": "Singapore",
        "source": source("Twitter", "2018-05-10"),
    },
    {
        "id": "trump-letter",
        "meeting": SLUG,
        "kind": "postponed",  # the deliberate mistake: the letter calls the meeting off
        "speaker": "Donald Trump",
        "side": "US",
        "said_on": "2018-05-24",
        "quote": "I feel it is inappropriate, at this time, to have this long-planned meeting",
        "source": source("The White House", "2018-05-24"),
    },
    {
        "id": "kim-kye-gwan-willing",
        "meeting": SLUG,
        "kind": "confirmed",
        "speaker": "Kim Kye-gwan",
        "side": "KP",
        "said_on": "2018-05-25",
        "summary": "North Korea is still willing to meet the US at any time, in any format",
        "source": source("KCNA", "2018-05-25"),
    },
    {
        "id": "back-on",
        "meeting": SLUG,
        "kind": "rescheduled",
        "speaker": "Donald Trump",
        "side": "US",
        "said_on": "2018-06-01",
        "summary": "The summit is back on, on 12 June in Singapore",
        "planned_for": "2018-06-12",
        "place": "Singapore",
        "source": source("Reuters", "2018-06-01"),
    },
    {
        "id": "held",
        "meeting": SLUG,
        "kind": "held",
        "speaker": "Donald Trump",
        "side": "US",
        "said_on": "2018-06-12",
        "summary": "Trump and Kim meet on Sentosa and sign a joint statement",
        "source": source("Reuters", "2018-06-12"),
    },
]


@dataclass
class Analyst:
    """The `diplo` command, in a pipe 80 columns wide, on the analyst's ledger."""

    db: str
    folder: Path

    def __call__(self, *args: str) -> str:
        result = CliRunner(env=AT_80).invoke(main, ["--db", self.db, *args])
        assert result.exit_code == 0, (args, result.output)
        return result.output


@pytest.fixture(scope="module", params=BACKENDS)
def story(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    """The whole episode coded once per backend: what each step printed, by name."""
    folder = tmp_path_factory.mktemp("singapore")
    url = new_database(request, request.param, folder)
    diplo = Analyst(url, folder)
    seen: dict[str, str] = {"file": str(folder / "singapore.yaml")}
    Path(seen["file"]).write_text(
        yaml.safe_dump({"statements": REST}, sort_keys=False), encoding="utf-8"
    )
    seen["append"] = diplo(*FIRST)
    seen["import"] = diplo("import", seen["file"])
    seen["late May, as coded"] = diplo("status", SLUG, "--as-of", "2018-05-31")
    seen["ever postponed, as coded"] = diplo("meetings", "--ever", "postponed")
    seen["correct"] = diplo(
        "correct", "trump-letter", "--kind", "cancelled", "--reason", "the letter calls it off"
    )
    seen["status"] = diplo("status", SLUG)
    seen["late May"] = diplo("status", SLUG, "--as-of", "2018-05-31")
    seen["history"] = diplo("history", SLUG)
    seen["meetings"] = diplo("meetings")
    seen["ever cancelled"] = diplo("meetings", "--ever", "cancelled")
    seen["ever postponed"] = diplo("meetings", "--ever", "postponed")
    seen["diff"] = diplo("diff", SLUG, "2018-05-20", "2018-06-05")
    seen["search"] = diplo("search", "any format", "--speaker", "kye")
    seen["svg"] = str(folder / "singapore.svg")
    seen["timeline"] = diplo("timeline", SLUG, "-o", seen["svg"])
    yield seen
    if url.startswith("postgresql://"):
        request.getfixturevalue("pg_cluster").drop_database(url)


def test_append_gives_the_first_statement_a_readable_id(story: dict[str, str]) -> None:
    assert story["append"] == f"{SLUG}-announced-2018-03-08\n"


def test_the_import_records_the_six_other_statements(story: dict[str, str]) -> None:
    assert story["import"] == f"{story['file']}: 6 new, 0 already present\n"


def test_coded_as_postponed_the_letter_leaves_the_us_supporting(story: dict[str, str]) -> None:
    # postponed leaves the speaker's stance as it was; the meeting was never cancelled
    assert story["late May, as coded"] == (
        f"{SLUG}: postponed\n"
        "parties:      US supports, KP supports\n"
        "participants: Donald Trump, Kim Jong-un\n"
        "place:        Singapore\n"
        "planned for:  12 Jun 2018\n"
        "statements:   5 (8 Mar 2018 to 25 May 2018)\n"
        "counted:      evidence anonymous, as of 31 May 2018\n"
    )
    assert SLUG in story["ever postponed, as coded"]


def test_the_correction_names_the_field_it_changed(story: dict[str, str]) -> None:
    assert story["correct"] == "trump-letter: corrected kind\n"


def test_now_the_meeting_was_held_with_both_sides_supporting(story: dict[str, str]) -> None:
    assert story["status"] == (
        f"{SLUG}: held\n"
        "parties:      US supports, KP supports\n"
        "participants: Donald Trump, Kim Jong-un\n"
        "place:        Singapore\n"
        "planned for:  12 Jun 2018\n"
        "statements:   7 (8 Mar 2018 to 12 Jun 2018)\n"
        "counted:      evidence anonymous\n"
    )


def test_at_the_end_of_may_the_corrected_letter_had_cancelled_it(story: dict[str, str]) -> None:
    # cancelled: the US denies; KP's later confirmation does not reopen the meeting, and one
    # party supporting while another denies is disputed
    assert story["late May"] == (
        f"{SLUG}: cancelled (disputed)\n"
        "parties:      US denies, KP supports\n"
        "participants: Donald Trump, Kim Jong-un\n"
        "place:        Singapore\n"
        "planned for:  12 Jun 2018\n"
        "statements:   5 (8 Mar 2018 to 25 May 2018)\n"
        "counted:      evidence anonymous, as of 31 May 2018\n"
    )


MEETINGS_AT_80 = f"""\
                                    Meetings
┏━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━┓
┃ meeting                  ┃ status ┃ parties            ┃ planned for ┃ count ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━┩
│ {SLUG} │ held   │ US supports, KP    │ 12 Jun 2018 │ 7     │
│                          │        │ supports           │             │       │
└──────────────────────────┴────────┴────────────────────┴─────────────┴───────┘
"""
"""At 80 columns the latest date and then the place are dropped; the slug stays whole."""


def test_meetings_lists_it_at_80_columns_and_it_was_ever_cancelled_not_postponed(
    story: dict[str, str],
) -> None:
    assert story["meetings"] == MEETINGS_AT_80
    assert story["ever cancelled"] == MEETINGS_AT_80
    assert story["ever postponed"] == "no meetings\n"


HISTORY_AT_80 = f"""\
History of {SLUG}

8 Mar 2018  announced  Chung Eui-yong (KR)
{SLUG}-announced-2018-03-08
  words:   Kim Jong-un has invited Trump to meet; Trump will meet him by May
  sources: The New York Times, 8 Mar 2018
  status:  - -> proposed
  changed: status: unannounced -> proposed
           plan.parties: - -> US, KP
           plan.participants: - -> Donald Trump, Kim Jong-un
           plan.planned_for: - -> May 2018
           (KR is not a party: counts; a stance only if named a party)

9 Mar 2018  confirmed  Sarah Huckabee Sanders (US)  sanders-accepts
  words:   Trump accepts the invitation; time and place to be determined
  sources: Reuters, 9 Mar 2018
  status:  proposed -> proposed
  changed: stance.US: silent -> supports

10 May 2018  announced  Donald Trump (US)  trump-names-singapore
  words:   will take place in Singapore on June 12th
  sources: Twitter, 10 May 2018
  status:  proposed -> proposed
  changed: plan.place: - -> Singapore
           plan.planned_for: May 2018 -> 12 Jun 2018

24 May 2018  cancelled  Donald Trump (US)  trump-letter
  words:   I feel it is inappropriate, at this time, to have this long-planned
           meeting
  sources: The White House, 24 May 2018
  status:  proposed -> cancelled
  changed: status: proposed -> cancelled
           stance.US: supports -> denies
           erratum: kind: cancelled (the letter calls it off)

25 May 2018  confirmed  Kim Kye-gwan (KP)  kim-kye-gwan-willing
  words:   North Korea is still willing to meet the US at any time, in any
           format
  sources: KCNA, 25 May 2018
  status:  cancelled -> cancelled
  changed: stance.KP: silent -> supports
           disputed: no -> yes

1 Jun 2018  rescheduled  Donald Trump (US)  back-on
  words:   The summit is back on, on 12 June in Singapore
  sources: Reuters, 1 Jun 2018
  status:  cancelled -> agreed
  changed: status: cancelled -> agreed
           stance.US: denies -> supports
           disputed: yes -> no

12 Jun 2018  held  Donald Trump (US)  held
  words:   Trump and Kim meet on Sentosa and sign a joint statement
  sources: Reuters, 12 Jun 2018
  status:  agreed -> held
  changed: status: agreed -> held
"""
"""Too wide for a table at 80 columns: one block per statement, in said_on order. The May plan
gives way to 12 June (a day outside May); the reschedule restates date and place, so it
changes no plan field and KP keeps its support; the letter shows its corrected kind."""


def test_history_tells_the_whole_episode_at_80_columns(story: dict[str, str]) -> None:
    assert story["history"] == HISTORY_AT_80


def test_the_diff_names_what_changed_around_the_cancellation(story: dict[str, str]) -> None:
    # the reschedule restates the plan, so KP keeps its support and the meeting is agreed
    assert story["diff"] == (
        f"{SLUG}: proposed on 20 May 2018 -> agreed on 5 Jun 2018\n"
        "  status: proposed -> agreed\n"
        "  stance.KP: silent -> supports\n"
        "3 statements changed it:\n"
        "  24 May 2018  cancelled  Donald Trump (US)  trump-letter\n"
        "  25 May 2018  confirmed  Kim Kye-gwan (KP)  kim-kye-gwan-willing\n"
        "  1 Jun 2018  rescheduled  Donald Trump (US)  back-on\n"
    )


def test_search_finds_the_north_korean_statement_by_its_words_and_speaker(
    story: dict[str, str],
) -> None:
    assert story["search"] == (
        "1 statement:\n"
        "\n"
        f"25 May 2018  {SLUG}  confirmed  Kim Kye-gwan (KP)\n"  # 89 wide: the id wraps
        "kim-kye-gwan-willing\n"
        "  North Korea is still willing to meet the US at any time, in any format\n"
    )


def test_the_timeline_names_the_leaders_the_place_and_the_cancelled_stretch(
    story: dict[str, str],
) -> None:
    assert story["timeline"] == f"wrote {story['svg']}\n"
    root = ElementTree.parse(story["svg"]).getroot()
    written = {"".join(node.itertext()).strip() for node in root.iter()}
    assert "Donald Trump and Kim Jong-un in Singapore" in written
    assert "cancelled 24–31 May 2018" in written  # until the day before the reschedule
    assert "reported held 12 Jun 2018" in written
