"""Result reads the portal's answer without losing any of it."""

from __future__ import annotations

from core.result import Result


def _result(raw: object, status: int = 200) -> Result:
    return Result("im.notify.personal.add", status, raw, "body", 0.1)


def test_success_exposes_the_id_and_the_time_block() -> None:
    time = {"start": 1.0, "finish": 1.1, "operating_reset_at": 1760030000}
    r = _result({"result": 12345, "time": time})
    assert r.value == 12345
    assert r.notification_id == 12345
    assert r.time == time
    assert r.error_code == "" and r.error_description == ""
    assert r.is_json


def test_booleans_are_not_ids() -> None:
    assert _result({"result": True}).notification_id is None
    assert _result({"result": False}).notification_id is None
    assert _result({"result": "12"}).notification_id is None


def test_errors_are_read_from_the_body() -> None:
    r = _result({"error": "USER_ID_EMPTY", "error_description": "User ID can't be empty"}, 400)
    assert r.error_code == "USER_ID_EMPTY"
    assert r.error_description == "User ID can't be empty"
    assert r.value is None and r.time is None


def test_non_json_bodies_have_no_value() -> None:
    r = _result(None, 502)
    assert not r.is_json
    assert r.value is None and r.time is None and r.error_code == ""
    assert _result([1, 2]).value is None


def test_rest_v3_error_objects_are_read() -> None:
    r = _result({"error": {"code": "ACCESS_DENIED", "message": "Access denied"}}, 403)
    assert r.error_code == "ACCESS_DENIED"
    assert r.error_description == "Access denied"


def test_an_id_equal_to_the_portal_clock_is_flagged() -> None:
    start = 1_760_000_000.25
    assert _result({"result": 1_760_000_000, "time": {"start": start}}).id_looks_like_a_timestamp
    assert not _result({"result": 77518, "time": {"start": start}}).id_looks_like_a_timestamp
    assert not _result({"result": 1_760_000_000}).id_looks_like_a_timestamp
    assert not _result({"result": False, "time": {"start": start}}).id_looks_like_a_timestamp


def test_answered_is_the_result_the_constructor_makes() -> None:
    """The client's quick constructor sets every field (a new field fails here) and the object
    stays a frozen Result: equal, hashable by value, no assignment."""
    import dataclasses

    import pytest

    from core.result import answered

    values = {
        "method": "im.notify.personal.add",
        "http_status": 200,
        "raw": {"result": 7},
        "text": '{"result":7}',
        "elapsed": 0.25,
        "attempts": 2,
        "redirected_to": None,
        "headers": {"Content-Type": "application/json"},
        "round_trip": 0.125,
    }
    assert [f.name for f in dataclasses.fields(Result)] == list(values)
    quick = answered(*values.values())
    assert type(quick) is Result
    assert quick == Result(**values)
    assert dataclasses.asdict(quick) == values
    assert quick.notification_id == 7
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.text = "changed"  # type: ignore[misc]
    assert dataclasses.replace(quick, attempts=3).attempts == 3
