"""An HTTP answer read into memory up to a limit, never further.

Bitrix24 answers a notification or a check in well under a kilobyte, a 50-command batch in tens of
kilobytes, and its OAuth server a token pair in a few hundred bytes; an answer near
:data:`MAX_ANSWER_BYTES` is not a portal talking (another server, a proxy's page, a stream that
never ends). :class:`BoundedReader` is a ``requests`` response hook: hooks run before anything
else reads the body — even with ``allow_redirects=False``, requests reads a 3xx answer's whole body
itself (``Session.resolve_redirects``) — so the limit holds for every answer, a redirect's too.
"""

from __future__ import annotations

from typing import Any

import requests

__all__ = ["MAX_ANSWER_BYTES", "AnswerTooLarge", "BoundedReader", "read_answer"]

MAX_ANSWER_BYTES = 16 * 1024 * 1024
_CHUNK = 64 * 1024


class AnswerTooLarge(Exception):
    """An answer went on past the most that is read (raised by :func:`read_answer`)."""


def read_answer(response: requests.Response, limit: int) -> bytes:
    """The body of a streamed ``response``, read up to ``limit`` bytes (after any gzip).

    A longer one is not read further: the connection is closed (never reused with the rest of
    an answer in it) and :class:`AnswerTooLarge` raised. requests' own read errors pass
    through, as they would from ``response.content``.
    """
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit and "Content-Encoding" not in response.headers:
        response.close()
        raise AnswerTooLarge
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(_CHUNK):
        size += len(chunk)
        if size > limit:
            response.close()
            raise AnswerTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


class BoundedReader:
    """A response hook (``hooks={"response": reader}`` with ``stream=True``) that reads the
    answer's body into :attr:`body`, up to ``limit`` bytes; over it, the call raises
    :class:`AnswerTooLarge` from ``session.get``/``post``."""

    def __init__(self, limit: int = MAX_ANSWER_BYTES) -> None:
        self.limit = limit
        self.body = b""

    def __call__(self, response: requests.Response, **_: Any) -> None:
        self.body = read_answer(response, self.limit)
