"""Seed-parity functions: the Open Integration Package's calls, as thin wrappers over Client.

``create_personal_notification(url, user_id, text, tag, attachments, token)`` mirrors OPI's
``CreatePersonalNotification`` and returns the portal's parsed answer — but unlike OPI it raises a
typed error (``core.errors``) when the portal refuses, instead of handing back the error JSON.
A portal that answers it has moved to another address raises ``PortalMovedError`` (nothing is
sent there) unless ``follow_moves=True``.
"""

from __future__ import annotations

from typing import Any

from core.client import DEFAULT_TIMEOUT, Client
from core.request import Notification

Timeout = tuple[float, float] | float


def _send(
    url: str, token: str, timeout: Timeout, n: Notification, *, system: bool, follow_moves: bool
) -> Any:
    """One notification through a short-lived client: the parsed answer, or a typed error."""
    with Client(url, token, timeout=timeout, follow_moves=follow_moves) as client:
        return (client.send_system(n) if system else client.send_personal(n)).raw


def create_personal_notification(
    url: str,
    user_id: int | str,
    text: str,
    tag: str = "",
    attachments: Any = None,
    token: str = "",
    *,
    sub_tag: str = "",
    text_out: str = "",
    client_id: str = "",
    timeout: Timeout = DEFAULT_TIMEOUT,
    follow_moves: bool = False,
) -> dict[str, Any]:
    """Send ``im.notify.personal.add``; returns e.g. ``{"result": 12345, "time": {...}}``."""
    n = Notification(user_id, text, tag, sub_tag, text_out, attachments, client_id)
    return _send(url, token, timeout, n, system=False, follow_moves=follow_moves)


def create_system_notification(
    url: str,
    user_id: int | str,
    text: str,
    tag: str = "",
    attachments: Any = None,
    token: str = "",
    *,
    sub_tag: str = "",
    text_out: str = "",
    client_id: str = "",
    timeout: Timeout = DEFAULT_TIMEOUT,
    follow_moves: bool = False,
) -> dict[str, Any]:
    """Send ``im.notify.system.add`` (shown without an author); returns the parsed answer."""
    n = Notification(user_id, text, tag, sub_tag, text_out, attachments, client_id)
    return _send(url, token, timeout, n, system=True, follow_moves=follow_moves)


def delete_notification(
    url: str,
    notification_id: int | None = None,
    token: str = "",
    *,
    tag: str | None = None,
    sub_tag: str | None = None,
    client_id: str = "",
    timeout: Timeout = DEFAULT_TIMEOUT,
    follow_moves: bool = False,
) -> dict[str, Any]:
    """``im.notify.delete`` by id, tag or sub-tag; returns ``{"result": true, ...}``.

    By id, the portal deletes only for the recipient (their webhook or token); anyone else gets
    ``result: false``, raised as ``PortalInputError`` with the reason.
    """
    with Client(url, token, timeout=timeout, follow_moves=follow_moves) as client:
        return client.delete(id=notification_id, tag=tag, sub_tag=sub_tag, client_id=client_id).raw
