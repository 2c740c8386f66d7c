"""Models built from validated values (`ledger.trusted.built`) are what pydantic's
`model_construct` makes of the same values."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel, Field

from ledger.events import EVENT_FOR_KIND, SourceCited, meeting_id
from ledger.statement import Kind, Source, Statement, StatementInput, record_statement
from ledger.trusted import built
from tests.conftest import statement


def recorded() -> Statement:
    given = StatementInput.model_validate(statement(id="paris-1", quote="We will meet."))
    return record_statement(given, "John R. Bolton", ("Donald Trump", "Vladimir Putin"))


def same_model(made: BaseModel, expected: BaseModel) -> None:
    assert type(made) is type(expected)
    assert made.__dict__ == expected.__dict__
    assert made.model_fields_set == expected.model_fields_set
    assert made.__pydantic_extra__ == expected.__pydantic_extra__
    assert made.__pydantic_private__ == expected.__pydantic_private__
    assert made == expected
    assert made.model_dump_json() == expected.model_dump_json()


def test_a_recorded_statement_is_the_statement_model_construct_makes() -> None:
    made = recorded()
    same_model(made, Statement.model_construct(**made.__dict__))
    assert (made.id, made.speaker, made.speaker_as_written) == (
        "paris-1",
        "John R. Bolton",
        "John Bolton",
    )
    assert made.participants == ("Donald Trump", "Vladimir Putin")
    assert (made.said_from, made.said_until, made.moved_from) == (
        date(2018, 10, 23),
        date(2018, 10, 23),
        None,
    )


def test_an_event_and_its_sealed_copy_are_what_model_construct_makes() -> None:
    cls = EVENT_FOR_KIND[Kind.ANNOUNCED]
    fields: dict[str, Any] = {
        "originator_id": meeting_id("trump-putin-paris-2018"),
        "originator_version": 1,
        "timestamp": datetime(2018, 10, 22, 12, tzinfo=UTC),
        "hash": "",
        "statement": recorded(),
    }
    draft = built(cls, dict(fields))
    same_model(draft, cls.model_construct(**fields))
    sealed, state = draft.sealed("0" * 64)
    same_model(sealed, cls.model_construct(**{**fields, "hash": state["hash"]}))
    assert draft.hash == ""  # the draft is left as it was


def test_fields_left_out_get_their_defaults_as_model_construct_gives_them() -> None:
    source = {"outlet": "RT", "published": date(2018, 10, 22)}
    same_model(built(Source, dict(source)), Source.model_construct(**source))
    assert built(Source, dict(source)).language == "en"
    cited = {"statement_id": "paris-1", "source": Source.model_construct(**source)}
    assert built(SourceCited, dict(cited)).model_fields_set == {"statement_id", "source"}


class Aliased(BaseModel):
    name: str = Field(alias="Name")


def test_a_model_with_an_alias_is_left_to_model_construct() -> None:
    made = built(Aliased, {"Name": "Lavrov"})
    assert made.name == "Lavrov"
    assert made.model_fields_set == {"name"}
