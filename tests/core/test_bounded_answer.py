"""core/bounded_answer.py: an answer read up to a limit, over real HTTP (the sandbox's `huge`)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from core.bounded_answer import MAX_ANSWER_BYTES, AnswerTooLarge, BoundedReader


def _post(sandbox: Any, reader: BoundedReader) -> requests.Response:
    with requests.Session() as session:
        return session.post(
            sandbox.webhook_url + "im.notify.personal.add.json",
            json={"USER_ID": 2, "MESSAGE": "hi"},
            stream=True,
            hooks={"response": reader},
            timeout=10,
        )


@pytest.mark.parametrize("chunked", [True, False])
def test_an_answer_within_the_limit_is_read_whole(sandbox: Any, chunked: bool) -> None:
    sandbox.inject("huge", size=150_000, chunked=chunked)
    reader = BoundedReader(150_000)
    response = _post(sandbox, reader)
    assert response.status_code == 200 and len(reader.body) == 150_000
    assert isinstance(json.loads(reader.body)["result"], int)


@pytest.mark.parametrize("chunked", [True, False])  # counted piece by piece; refused by length
def test_one_byte_over_the_limit_is_not_read(sandbox: Any, chunked: bool) -> None:
    sandbox.inject("huge", size=150_001, chunked=chunked)
    reader = BoundedReader(150_000)
    with pytest.raises(AnswerTooLarge):
        _post(sandbox, reader)
    assert reader.body == b""
    assert len(sandbox.inbox(2)) == 1  # the portal did the work: only its answer was too long


def test_the_default_limit() -> None:
    assert BoundedReader().limit == MAX_ANSWER_BYTES == 16 * 1024 * 1024
