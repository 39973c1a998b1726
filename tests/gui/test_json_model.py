"""gui.json_model: a lazy JSON tree with columns Key, Value, Type."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, Qt

from gui import json_model
from gui.json_model import JsonModel, ValueRole, json_type

ANSWER = {
    "result": 42,
    "time": {"start": 1.5, "duration": 0.1, "date_start": "2026-03-02T09:30:00+03:00"},
    "list": [1, "two", None, True, {"deep": [3]}],
    "empty": {},
}


def _row(model: JsonModel, key: str, parent: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if model.data(index) == key:
            return index
    raise AssertionError(f"{key!r} not under {model.data(parent)!r}")


def _cells(model: JsonModel, index: QModelIndex) -> tuple[str, str, str]:
    return tuple(  # type: ignore[return-value]
        model.data(model.index(index.row(), c, index.parent())) for c in range(3)
    )


def test_headers_and_top_level_rows_in_answer_order(qapp) -> None:
    model = JsonModel(ANSWER)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "Key",
        "Value",
        "Type",
    ]
    assert model.rowCount() == 4
    assert [model.data(model.index(r, 0)) for r in range(4)] == ["result", "time", "list", "empty"]
    assert _cells(model, _row(model, "result")) == ("result", "42", "number")


def test_containers_summarise_and_open_into_children(qapp) -> None:
    model = JsonModel(ANSWER)
    time = _row(model, "time")
    assert _cells(model, time) == ("time", "{3 keys}", "object")
    assert model.hasChildren(time)
    assert _cells(model, _row(model, "duration", time)) == ("duration", "0.1", "number")
    items = _row(model, "list")
    assert _cells(model, items) == ("list", "[5 items]", "array")
    assert [_cells(model, model.index(r, 0, items)) for r in range(4)] == [
        ("[0]", "1", "number"),
        ("[1]", "two", "string"),
        ("[2]", "null", "null"),
        ("[3]", "true", "boolean"),
    ]
    deep = _row(model, "deep", model.index(4, 0, items))
    assert model.parent(deep) == model.index(4, 0, items)
    assert model.data(deep, ValueRole) == [3]
    empty = _row(model, "empty")
    assert not model.hasChildren(empty)
    assert model.rowCount(empty) == 0


def test_key_paths_round_trip(qapp) -> None:
    model = JsonModel(ANSWER)
    deep = model.index_for_path(("list", 4, "deep"))
    assert deep.isValid()
    assert model.key_path(deep) == ("list", 4, "deep")
    assert not model.index_for_path(("list", 9)).isValid()
    assert not model.index_for_path(("nope",)).isValid()
    assert not model.index_for_path(("result", "x")).isValid()


def test_big_arrays_arrive_in_chunks(qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_model, "CHUNK", 100)
    model = JsonModel({"items": list(range(1050))})
    items = _row(model, "items")
    assert model.rowCount(items) == 100
    assert model.canFetchMore(items)
    model.fetchMore(items)
    assert model.rowCount(items) == 200
    # Asking for a path deep in the list loads what is needed and announces it.
    far = model.index_for_path(("items", 1049))
    assert far.isValid() and model.data(far.siblingAtColumn(1)) == "1049"
    assert not model.canFetchMore(items)


def test_long_strings_are_cut_in_the_view_but_kept_whole(qapp) -> None:
    text = "x" * 5000
    model = JsonModel({"long": text})
    cell = model.index(0, 1)
    assert len(model.data(cell)) == json_model.MAX_SHOWN_CHARS + 1
    assert model.data(cell, ValueRole) == text


def test_reload_replaces_the_tree(qapp) -> None:
    model = JsonModel({"a": 1})
    model.load({"b": 2, "c": 3})
    assert model.rowCount() == 2
    assert model.root_value() == {"b": 2, "c": 3}


def test_qt_model_tester_accepts_the_model(qtmodeltester) -> None:
    model = JsonModel(ANSWER)
    qtmodeltester.check(model, force_py=True)


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (None, "null"),
        (True, "boolean"),
        (1, "number"),
        (1.5, "number"),
        ("s", "string"),
        ({}, "object"),
        ([], "array"),
    ],
)
def test_json_type_names(value: object, name: str) -> None:
    assert json_type(value) == name


# -- property: the tree shows exactly the value it was given --------------------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner, max_size=5)
    ),
    max_leaves=25,
)


def _rebuild(model: JsonModel, parent: QModelIndex, value: object) -> object:
    """Read the value back through the model's public interface only."""
    rows = model.rowCount(parent)
    if isinstance(value, dict):
        out = {}
        for row in range(rows):
            index = model.index(row, 0, parent)
            out[model.data(index)] = _rebuild(model, index, model.data(index, ValueRole))
            assert model.data(index.siblingAtColumn(2)) == json_type(model.data(index, ValueRole))
        return out
    if isinstance(value, list):
        return [
            _rebuild(
                model,
                model.index(row, 0, parent),
                model.data(model.index(row, 0, parent), ValueRole),
            )
            for row in range(rows)
        ]
    assert rows == 0
    return value


@settings(max_examples=60, deadline=None)
@given(value=st.dictionaries(st.text(max_size=5), _json, max_size=6))
def test_any_answer_reads_back_through_the_model(qapp, value: dict) -> None:
    model = JsonModel(value)
    assert model.rowCount() == len(value)
    assert _rebuild(model, QModelIndex(), value) == value
