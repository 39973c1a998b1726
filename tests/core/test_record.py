"""core.record: frozen value classes without dataclasses, as the request path's types use them."""

from __future__ import annotations

import copy
import pickle
import weakref
from dataclasses import dataclass

import pytest

from core.address import Endpoint
from core.notification import Notification
from core.record import replace


def test_values_compare_and_hash_by_their_fields_in_order() -> None:
    a = Notification(5, "hello", tag="t")
    assert a == Notification(user_id=5, text="hello", tag="t")
    assert a != Notification(5, "hello", tag="u") and a != ("not", "a", "notification")
    assert hash(a) == hash(Notification(5, "hello", tag="t"))
    assert repr(a).startswith("Notification(user_id=5, text='hello', tag='t', sub_tag=''")


def test_a_value_cannot_be_changed_only_replaced() -> None:
    n = Notification(5, "hello")
    with pytest.raises(AttributeError):
        n.text = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del n.text
    changed = replace(n, text="changed", tag="t")
    assert (changed.text, changed.tag, n.text, n.tag) == ("changed", "t", "hello", "")
    with pytest.raises(TypeError):
        replace(n, no_such_field=1)


def test_copies_pickles_and_weak_references_work_as_for_a_dataclass() -> None:
    e = Endpoint("webhook", "https", "p.example", 1, "s3cretValue")
    assert copy.copy(e) == e and copy.deepcopy(e) == e
    assert pickle.loads(pickle.dumps(e)) == e
    assert weakref.ref(e)() is e
    assert "s3cretValue" not in repr(e)  # its own masked repr wins over the generic one


def test_replace_hands_a_real_dataclass_to_dataclasses() -> None:
    @dataclass(frozen=True)
    class Point:
        x: int
        y: int

    assert replace(Point(1, 2), y=3) == Point(1, 3)
