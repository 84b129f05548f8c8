"""The content classes behave as the frozen dataclasses they replaced."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest
from conftest import MINI

from companion.book import model
from companion.book.cache import load_pack_cached

CLASSES = [
    model.Part,
    model.Chapter,
    model.Section,
    model.Quote,
    model.Staged,
    model.Character,
    model.Theme,
    model.Term,
    model.Question,
    model.Article,
]


def reference(cls):
    """The frozen dataclass with the same fields and defaults."""
    fields = [
        (name, object, dataclasses.field(default=cls._defaults[name]))
        if name in cls._defaults
        else (name, object)
        for name in cls._fields
    ]
    return dataclasses.make_dataclass(cls.__name__, fields, frozen=True)


def sample(cls, tweak: int = 0) -> dict:
    """Values for every field without a default."""
    return {name: f"v{tweak}-{name}" for name in cls._fields if name not in cls._defaults}


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_a_record_acts_as_its_frozen_dataclass(cls):
    ref = reference(cls)
    values = sample(cls)
    ours, theirs = cls(**values), ref(**values)
    assert repr(ours) == repr(theirs)
    assert hash(ours) == hash(theirs)
    assert vars(ours) == dataclasses.asdict(theirs)
    assert list(vars(ours)) == list(cls._fields)  # defaults filled, in field order
    assert cls(*[vars(ours)[n] for n in cls._fields]) == ours  # positional too
    assert ours == cls(**values) and ours != cls(**sample(cls, 1))
    assert ours != theirs and ours != tuple(vars(ours).values())  # same class only
    assert len({ours, cls(**values)}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        ours.id = "changed"
    with pytest.raises(dataclasses.FrozenInstanceError):
        del ours.id
    back = pickle.loads(pickle.dumps(ours, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == ours and type(back) is cls and copy.deepcopy(ours) == ours


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_a_record_refuses_wrong_arguments_as_a_dataclass_does(cls):
    values = sample(cls)
    required = next(iter(values))
    with pytest.raises(TypeError):
        cls(**{k: v for k, v in values.items() if k != required})
    with pytest.raises(TypeError):
        cls(**values, no_such_field=1)
    with pytest.raises(TypeError):
        cls(*[None] * (len(cls._fields) + 1))
    with pytest.raises(TypeError):
        cls(values[required], **values)


def test_defaults_and_properties_are_kept():
    part = model.Part(1, "Part One", 1, 9)
    assert (part.label, part.label_unlock, part.chapters) == ("", 0, range(1, 10))
    assert model.Chapter(4, "x", "y").unlock == 4
    assert model.Term("t", "term").meanings == () and model.Term("t", "term").unlock == 0
    assert model.Quote("q", "t", "s", 1, 1, "verbatim", "c", "s").is_verbatim


def test_a_cached_book_equals_a_fresh_load(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPANION_CACHE_DIR", str(tmp_path))
    from companion.book.loader import load_pack

    first, again = load_pack_cached(MINI), load_pack_cached(MINI)
    assert again == first == load_pack(MINI)
    assert again.quotes and hash(again.quotes[0]) == hash(first.quotes[0])
