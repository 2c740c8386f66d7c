"""Models built from values already validated, every field given: what pydantic's
`model_construct` makes of them, without its search of each field's aliases and default (half
of `record_statement`'s time went there: 18 to 10 us a statement).

Only for a model with no aliases, private attributes or post-init hook (checked when a class
is first built), and only with every field given; anything else goes to `model_construct`.
`tests/unit/test_trusted.py` holds the two to the same result.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_set = object.__setattr__


def built(cls: type[M], fields: dict[str, Any]) -> M:
    """An instance of `cls` holding `fields` (taken as they are, not copied)."""
    if not _plain(cls) or len(fields) != len(cls.__pydantic_fields__):
        return cls.model_construct(**fields)
    model = cls.__new__(cls)
    _set(model, "__dict__", fields)
    _set(model, "__pydantic_fields_set__", set(fields))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


@cache
def _plain(cls: type[BaseModel]) -> bool:
    """Whether `model_construct` does nothing to a complete set of the class's fields but set
    them: no aliases, no private attributes, no post-init hook, no extra fields kept."""
    aliased = any(
        field.alias is not None or field.validation_alias is not None
        for field in cls.__pydantic_fields__.values()
    )
    return not (
        aliased
        or cls.__private_attributes__
        or cls.__pydantic_post_init__
        or cls.__pydantic_root_model__
        or cls.model_config.get("extra") == "allow"
    )
