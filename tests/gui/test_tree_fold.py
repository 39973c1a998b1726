"""gui.tree_fold: which branches of the answer tree are open, from one answer to the next."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTreeView

from gui.json_model import JsonModel
from gui.tree_fold import EXPAND_ALL_LIMIT, TreeFold, _count_values

ANSWER = {"result": [{"ID": 1, "TAGS": ["a", "b"]}, {"ID": 2}], "time": {"duration": 0.1}}


@pytest.fixture
def tree(qtbot) -> QTreeView:
    view = QTreeView()
    qtbot.addWidget(view)
    return view


def _load(tree: QTreeView, fold: TreeFold, value: object) -> JsonModel:
    model = tree.model()
    if model is None:
        model = JsonModel({}, tree)
        tree.setModel(model)
    model.load(value)
    fold.restore(value)
    return model


def test_the_first_answer_opens_its_top_level(tree: QTreeView) -> None:
    fold = TreeFold(tree)
    model = _load(tree, fold, ANSWER)
    assert tree.isExpanded(model.index_for_path(("result",)))
    assert tree.isExpanded(model.index_for_path(("time",)))
    assert not tree.isExpanded(model.index_for_path(("result", 0)))


def test_what_the_user_opened_is_open_again(tree: QTreeView) -> None:
    fold = TreeFold(tree)
    model = _load(tree, fold, ANSWER)
    tree.expand(model.index_for_path(("result", 0)))
    tree.collapse(model.index_for_path(("time",)))
    model = _load(tree, fold, ANSWER)
    assert tree.isExpanded(model.index_for_path(("result", 0)))
    assert not tree.isExpanded(model.index_for_path(("time",)))


def test_expand_all_lasts_but_a_branch_closed_since_stays_closed(tree: QTreeView) -> None:
    fold = TreeFold(tree)
    model = _load(tree, fold, ANSWER)
    fold.expand_all()
    tree.collapse(model.index_for_path(("result", 0)))
    model = _load(tree, fold, ANSWER)
    assert tree.isExpanded(model.index_for_path(("result", 1)))
    assert tree.isExpanded(model.index_for_path(("time",)))
    assert not tree.isExpanded(model.index_for_path(("result", 0)))
    fold.collapse_all()
    model = _load(tree, fold, ANSWER)
    assert not tree.isExpanded(model.index_for_path(("result",)))


def test_values_are_counted_up_to_the_limit_only() -> None:
    assert _count_values(ANSWER, EXPAND_ALL_LIMIT) == 11
    assert _count_values(list(range(EXPAND_ALL_LIMIT * 3)), EXPAND_ALL_LIMIT) == EXPAND_ALL_LIMIT
