"""Hand-derived expectations for the fixtures in fixtures/000..004 (see fixtures/NOTES.md).

Derived by hand from the five seed articles and the status rules (fold over standing, counting
statements in said_on order; a vague said_on counts at its latest possible day; ties in recorded
order, files 000..004). Pure data.

checkpoints: the state as of a date ("YYYY-MM-DD"; None means today, whatever day the tests
  run: every expectation holds for any day after 2025-08-18).
  overdue_since: the day the open plan became overdue, seen on the checkpoint's date (absent:
  not overdue).
  stances: one entry per party of the meeting.
  plan: parties, participants (canonical names), place, planned_for (EDTF string); None = never given.
history_status_after: every statement of the meeting in fold order, with the status after it.
"""

MEETINGS = {
    "trump-putin-paris-2018": {
        "checkpoints": [
            # Both reports are dated 2018-10-23: by the end of that day Ushakov's on-record
            # confirmation (RU) counts too, so the US-only state shows only in the history.
            {
                "as_of": "2018-10-23",
                "status": "agreed",
                "disputed": False,
                "stances": {"US": "supports", "RU": "supports"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Donald Trump", "Vladimir Putin"],
                    "place": "Paris",
                    "planned_for": "2018-11-11",
                },
            },
            # Past the planned date nothing in the corpus says held or cancelled: still agreed,
            # and overdue from the day after the planned 11 November (rule v2).
            {
                "as_of": "2018-11-12",
                "status": "agreed",
                "overdue_since": "2018-11-12",
                "disputed": False,
                "stances": {"US": "supports", "RU": "supports"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Donald Trump", "Vladimir Putin"],
                    "place": "Paris",
                    "planned_for": "2018-11-11",
                },
            },
            {
                "as_of": None,
                "status": "agreed",
                "overdue_since": "2018-11-12",
                "disputed": False,
                "stances": {"US": "supports", "RU": "supports"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Donald Trump", "Vladimir Putin"],
                    "place": "Paris",
                    "planned_for": "2018-11-11",
                },
            },
        ],
        "history_status_after": [
            ("hill-bolton-paris-plan", "proposed"),  # US supports, RU silent
            ("hill-putin-suggests-meeting", "proposed"),  # second_hand: changes nothing
            ("hill-putin-agrees-date", "proposed"),  # second_hand: changes nothing
            ("hill-bolton-paris-yes", "proposed"),  # US again
            ("dk-ushakov-confirms-paris", "agreed"),  # RU on record -> both support
        ],
    },
    "bolton-putin-moscow-2018": {
        "checkpoints": [
            {
                "as_of": "2018-10-23",
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["John Bolton", "Vladimir Putin"],
                    "place": "Moscow",
                    "planned_for": "2018-10-23",
                },
            },
            {
                "as_of": None,
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["John Bolton", "Vladimir Putin"],
                    "place": "Moscow",
                    "planned_for": "2018-10-23",
                },
            },
        ],
        "history_status_after": [
            ("hill-bolton-putin-held", "held"),
            ("dk-bolton-putin-held", "held"),  # gives no date: planned_for stays 2018-10-23
        ],
    },
    "bolton-patrushev-moscow-2018": {
        "checkpoints": [
            {
                "as_of": "2018-10-23",
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["John Bolton", "Nikolai Patrushev"],
                    "place": "Moscow",
                    "planned_for": "2018-10-22/2018-10-23",
                },
            },
            {
                "as_of": None,
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["John Bolton", "Nikolai Patrushev"],
                    "place": "Moscow",
                    "planned_for": "2018-10-22/2018-10-23",
                },
            },
        ],
        "history_status_after": [
            ("hill-bolton-patrushev-held", "held"),
        ],
    },
    "bolton-lavrov-moscow-2018": {
        "checkpoints": [
            {
                "as_of": "2018-10-23",
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["John Bolton", "Sergey Lavrov"],
                    "place": "Moscow",
                    "planned_for": "2018-10-22/2018-10-23",
                },
            },
            {
                "as_of": None,
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["John Bolton", "Sergey Lavrov"],
                    "place": "Moscow",
                    "planned_for": "2018-10-22/2018-10-23",
                },
            },
        ],
        "history_status_after": [
            ("hill-bolton-lavrov-held", "held"),
        ],
    },
    "bolton-shoigu-moscow-2018": {
        "checkpoints": [
            {
                "as_of": "2018-10-23",
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["John Bolton", "Sergei Shoigu"],
                    "place": "Moscow",
                    "planned_for": "2018-10-22/2018-10-23",
                },
            },
            {
                "as_of": None,
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["John Bolton", "Sergei Shoigu"],
                    "place": "Moscow",
                    "planned_for": "2018-10-22/2018-10-23",
                },
            },
        ],
        "history_status_after": [
            ("hill-bolton-shoigu-held", "held"),
        ],
    },
    "trump-putin-helsinki-2018": {
        "checkpoints": [
            {
                "as_of": "2018-07-19",
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Donald Trump", "Vladimir Putin"],
                    "place": "Helsinki",
                    "planned_for": "2018-07-16",
                },
            },
            # The Hill's "in July" (said 2018-10-23) is the latest value: 2018-07-16 -> 2018-07.
            {
                "as_of": "2018-10-23",
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Donald Trump", "Vladimir Putin"],
                    "place": "Helsinki",
                    "planned_for": "2018-07-16",  # The Hill's later "July" contains it: kept
                },
            },
            {
                "as_of": None,
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Donald Trump", "Vladimir Putin"],
                    "place": "Helsinki",
                    "planned_for": "2018-07-16",  # The Hill's later "July" contains it: kept
                },
            },
        ],
        "history_status_after": [
            ("rt-trump-summit-success", "held"),
            ("rt-helsinki-held", "held"),
            ("hill-helsinki-held", "held"),  # said 2018-10-23: after the RT statements
        ],
    },
    "trump-putin-washington-2018": {
        "checkpoints": [
            {
                "as_of": "2018-07-19",
                "status": "proposed",
                "disputed": False,
                "stances": {"US": "supports", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Donald Trump", "Vladimir Putin"],
                    "place": "Washington",
                    "planned_for": "2018-23",
                },
            },
            {
                "as_of": None,
                "status": "proposed",
                "overdue_since": "2018-12-01",  # autumn 2018 (2018-23) ended on 30 November
                "disputed": False,
                "stances": {"US": "supports", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Donald Trump", "Vladimir Putin"],
                    "place": "Washington",
                    "planned_for": "2018-23",
                },
            },
        ],
        "history_status_after": [
            ("rt-trump-second-meeting", "proposed"),
            ("rt-sanders-invite-washington", "proposed"),
        ],
    },
    "obama-putin-new-york-2015": {
        "checkpoints": [
            {
                "as_of": "2018-07-19",
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Barack Obama", "Vladimir Putin"],
                    "place": "New York",
                    "planned_for": "2015-09",
                },
            },
            {
                "as_of": None,
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Barack Obama", "Vladimir Putin"],
                    "place": "New York",
                    "planned_for": "2015-09",
                },
            },
        ],
        "history_status_after": [
            ("rt-obama-putin-new-york-held", "held"),
        ],
    },
    "trump-putin-summit-2025": {
        "checkpoints": [
            # Putin's January statement (said_on "2025-01") counts from its latest day.
            {
                "as_of": "2025-01-31",
                "status": "proposed",
                "disputed": False,
                "stances": {"US": "silent", "RU": "supports"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Donald Trump", "Vladimir Putin"],
                    "place": None,
                    "planned_for": None,
                },
            },
            # Peskov's "recent weeks" (2025-07-09/2025-08-05) counts only from 2025-08-05.
            {
                "as_of": "2025-08-04",
                "status": "proposed",
                "disputed": False,
                "stances": {"US": "silent", "RU": "supports"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Donald Trump", "Vladimir Putin"],
                    "place": None,
                    "planned_for": None,
                },
            },
            {
                "as_of": "2025-08-05",
                "status": "proposed",
                "disputed": False,
                "stances": {"US": "silent", "RU": "denies"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Donald Trump", "Vladimir Putin"],
                    "place": None,
                    "planned_for": None,
                },
            },
            # US announces (anonymous counts); the Russians' wish relayed by Leavitt is
            # second_hand and changes nothing, so RU still denies -> disputed.
            {
                "as_of": "2025-08-06",
                "status": "proposed",
                "disputed": True,
                "stances": {"US": "supports", "RU": "denies"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Donald Trump", "Vladimir Putin"],
                    "place": None,
                    "planned_for": "2025-08-11/2025-08-17",
                },
            },
            {
                "as_of": None,
                "status": "proposed",
                "overdue_since": "2025-08-18",  # planned for 11-17 August 2025
                "disputed": True,
                "stances": {"US": "supports", "RU": "denies"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Donald Trump", "Vladimir Putin"],
                    "place": None,
                    "planned_for": "2025-08-11/2025-08-17",
                },
            },
        ],
        "history_status_after": [
            ("nyt-putin-january-meet", "proposed"),
            ("nyt-peskov-denies-summit", "proposed"),
            ("nyt-anon-trump-putin-plan", "proposed"),
            ("nyt-russians-desire-meeting", "proposed"),  # second_hand: changes nothing
            ("nyt-leavitt-open-to-putin", "proposed"),
        ],
    },
    "trump-putin-zelensky-2025": {
        "checkpoints": [
            {
                "as_of": "2025-08-06",
                "status": "proposed",
                "disputed": False,
                "stances": {"US": "supports", "RU": "silent", "UA": "supports"},
                "plan": {
                    "parties": ["US", "RU", "UA"],
                    "participants": ["Donald Trump", "Vladimir Putin", "Volodymyr Zelensky"],
                    "place": None,
                    "planned_for": None,
                },
            },
            {
                "as_of": None,
                "status": "proposed",
                "disputed": False,
                "stances": {"US": "supports", "RU": "silent", "UA": "supports"},
                "plan": {
                    "parties": ["US", "RU", "UA"],
                    "participants": ["Donald Trump", "Vladimir Putin", "Volodymyr Zelensky"],
                    "place": None,
                    "planned_for": None,
                },
            },
        ],
        "history_status_after": [
            ("nyt-anon-trilateral-plan", "proposed"),
            ("nyt-trump-good-prospect", "proposed"),
            ("nyt-zelensky-signals-meeting", "proposed"),  # UA supports; RU still silent
            ("nyt-leavitt-open-trilateral", "proposed"),
        ],
    },
    "biden-putin-geneva-2021": {
        "checkpoints": [
            {
                "as_of": "2025-08-06",
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Joe Biden", "Vladimir Putin"],
                    "place": "Geneva",
                    "planned_for": "2021-06",
                },
            },
            {
                "as_of": None,
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Joe Biden", "Vladimir Putin"],
                    "place": "Geneva",
                    "planned_for": "2021-06",
                },
            },
        ],
        "history_status_after": [
            ("nyt-biden-putin-geneva-held", "held"),
        ],
    },
    "witkoff-putin-moscow-2025": {
        "checkpoints": [
            {
                "as_of": "2025-08-06",
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Steve Witkoff", "Vladimir Putin"],
                    "place": "Moscow",
                    "planned_for": "2025-08-06",
                },
            },
            {
                "as_of": None,
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Steve Witkoff", "Vladimir Putin"],
                    "place": "Moscow",
                    "planned_for": "2025-08-06",
                },
            },
        ],
        "history_status_after": [
            ("nyt-witkoff-putin-held", "held"),
        ],
    },
    "trump-zelensky-pope-funeral-2025": {
        "checkpoints": [
            {
                "as_of": "2025-08-06",
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "UA": "silent"},
                "plan": {
                    "parties": ["US", "UA"],
                    "participants": ["Donald Trump", "Volodymyr Zelensky"],
                    "place": "St. Peter’s Basilica, Rome",
                    "planned_for": "2025-01-01/2025-08-06",
                },
            },
            {
                "as_of": None,
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "UA": "silent"},
                "plan": {
                    "parties": ["US", "UA"],
                    "participants": ["Donald Trump", "Volodymyr Zelensky"],
                    "place": "St. Peter’s Basilica, Rome",
                    "planned_for": "2025-01-01/2025-08-06",
                },
            },
        ],
        "history_status_after": [
            ("nyt-trump-zelensky-funeral-held", "held"),
        ],
    },
    "trump-zelensky-oval-office-2025": {
        "checkpoints": [
            {
                "as_of": "2025-08-06",
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "UA": "silent"},
                "plan": {
                    "parties": ["US", "UA"],
                    "participants": ["Donald Trump", "Volodymyr Zelensky"],
                    "place": "Oval Office",
                    "planned_for": "2025-01-01/2025-08-06",
                },
            },
            {
                "as_of": None,
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "UA": "silent"},
                "plan": {
                    "parties": ["US", "UA"],
                    "participants": ["Donald Trump", "Volodymyr Zelensky"],
                    "place": "Oval Office",
                    "planned_for": "2025-01-01/2025-08-06",
                },
            },
        ],
        "history_status_after": [
            ("nyt-trump-zelensky-oval-held", "held"),
        ],
    },
    "trump-lavrov-oval-office-2019": {
        "checkpoints": [
            {
                "as_of": "2019-12-11",
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Donald Trump", "Sergey Lavrov"],
                    "place": "Oval Office, White House",
                    "planned_for": "2019-12-10",
                },
            },
            {
                "as_of": None,
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Donald Trump", "Sergey Lavrov"],
                    "place": "Oval Office, White House",
                    "planned_for": "2019-12-10",
                },
            },
        ],
        "history_status_after": [
            ("dw-trump-lavrov-held", "held"),
        ],
    },
    "trump-lavrov-white-house-2017": {
        "checkpoints": [
            {
                "as_of": "2019-12-11",
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Donald Trump", "Sergey Lavrov", "Sergei Kislyak"],
                    "place": "White House",
                    "planned_for": "2017-05",
                },
            },
            {
                "as_of": None,
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Donald Trump", "Sergey Lavrov", "Sergei Kislyak"],
                    "place": "White House",
                    "planned_for": "2017-05",
                },
            },
        ],
        "history_status_after": [
            ("dw-trump-lavrov-2017-held", "held"),
        ],
    },
    "pompeo-lavrov-washington-2019": {
        "checkpoints": [
            {
                "as_of": "2019-12-10",
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Mike Pompeo", "Sergey Lavrov"],
                    "place": None,
                    "planned_for": None,
                },
            },
            {
                "as_of": "2019-12-11",
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Mike Pompeo", "Sergey Lavrov"],
                    "place": "Washington",
                    "planned_for": "2019-12-10",
                },
            },
            {
                "as_of": None,
                "status": "held",
                "disputed": False,
                "stances": {"US": "silent", "RU": "silent"},
                "plan": {
                    "parties": ["US", "RU"],
                    "participants": ["Mike Pompeo", "Sergey Lavrov"],
                    "place": "Washington",
                    "planned_for": "2019-12-10",
                },
            },
        ],
        "history_status_after": [
            ("dw-pompeo-talked-ukraine", "held"),  # said 2019-12-10
            ("dw-pompeo-lavrov-held", "held"),  # DW narration, 2019-12-11
        ],
    },
    "normandy-paris-2019": {
        "checkpoints": [
            {
                "as_of": "2019-12-11",
                "status": "held",
                "disputed": False,
                "stances": {"RU": "silent", "UA": "silent", "DE": "silent", "FR": "silent"},
                "plan": {
                    "parties": ["RU", "UA", "DE", "FR"],
                    "participants": ["Vladimir Putin", "Volodymyr Zelensky"],
                    "place": "Paris",
                    "planned_for": "2019-12-09",
                },
            },
            {
                "as_of": None,
                "status": "held",
                "disputed": False,
                "stances": {"RU": "silent", "UA": "silent", "DE": "silent", "FR": "silent"},
                "plan": {
                    "parties": ["RU", "UA", "DE", "FR"],
                    "participants": ["Vladimir Putin", "Volodymyr Zelensky"],
                    "place": "Paris",
                    "planned_for": "2019-12-09",
                },
            },
        ],
        "history_status_after": [
            ("dw-normandy-paris-held", "held"),
        ],
    },
}
