"""The connection check: is the webhook or token valid, whose is it, and may it send notifications.

Two cheap read-only calls: ``profile`` (needs no scope, so it tests the credentials alone), then
``method.get`` for ``im.notify.personal.add`` (``isAvailable`` reflects the granted scopes).
Every outcome becomes a finding in words; the report never raises for a portal or network problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from core.constants import METHOD_GET, PERSONAL_METHOD, PROFILE_METHOD
from core.errors import B24NotifyError, CancelledError, PortalError
from core.i18n import _

if TYPE_CHECKING:
    from core.rest import RestCaller

Level = Literal["ok", "warning", "error"]


@dataclass(frozen=True)
class Finding:
    """One sentence of the report; ``error`` findings stand in the way of sending."""

    level: Level
    message: str


@dataclass(frozen=True)
class CheckReport:
    """``ok`` is true when nothing stands in the way of sending a notification."""

    ok: bool
    findings: list[Finding] = field(default_factory=list)
    profile: dict[str, Any] | None = None
    im_available: bool | None = None
    error: B24NotifyError | None = None  # why ``profile`` failed, when it did


def _name(profile: dict[str, Any]) -> str:
    parts = [str(profile.get(k) or "").strip() for k in ("NAME", "LAST_NAME")]
    return " ".join(p for p in parts if p) or _("(no name)")


def _credential_finding(err: B24NotifyError, kind: str) -> Finding:
    """Say in words why ``profile`` failed."""
    code = err.code if isinstance(err, PortalError) else ""
    if code in ("INVALID_CREDENTIALS", "NO_AUTH_FOUND", "authorization_error"):
        what = (
            _("the webhook's secret or user id is wrong (or the webhook was deleted or expired)")
            if kind == "webhook"
            else _("the access token is not accepted")
        )
        return Finding(
            "error",
            _("The portal refused the credentials: {what}.").format(what=what) + f" {err.advice}",
        )
    if code == "ERROR_METHOD_NOT_FOUND":
        return Finding(
            "error",
            _(
                "The portal does not recognise this address: the webhook URL is probably missing "
                "its user id or its secret (it should be https://portal/rest/<user id>/<secret>/)."
            ),
        )
    if code == "expired_token":
        return Finding(
            "error",
            _(
                "The access token has expired (they live one hour). Give the client id, client "
                "secret and refresh token to refresh it automatically, or get a new token."
            ),
        )
    if code == "invalid_token":
        return Finding("error", _("The access token is unknown to the portal.") + f" {err.advice}")
    return Finding("error", err.one_line())


def run_check(client: RestCaller) -> CheckReport:
    """Run the connection check with ``client``; only CancelledError escapes."""
    findings: list[Finding] = []
    endpoint = client.endpoint
    try:
        profile_result = client.call(PROFILE_METHOD)
    except CancelledError:
        raise
    except B24NotifyError as err:
        return CheckReport(False, [_credential_finding(err, endpoint.kind)], error=err)

    profile = profile_result.value if isinstance(profile_result.value, dict) else {}
    who = _name(profile)
    uid = profile.get("ID")
    admin = profile.get("ADMIN")
    webhook = endpoint.kind == "webhook"
    if admin is True or admin in ("Y", "1", 1):
        works = (
            _("The webhook works: it belongs to {who} (user ID {uid}), an administrator.")
            if webhook
            else _("The token works: it belongs to {who} (user ID {uid}), an administrator.")
        )
    else:
        works = (
            _("The webhook works: it belongs to {who} (user ID {uid}), not an administrator.")
            if webhook
            else _("The token works: it belongs to {who} (user ID {uid}), not an administrator.")
        )
    findings.append(Finding("ok", works.format(who=who, uid=uid)))
    if endpoint.kind == "webhook" and uid is not None and str(uid).strip() != str(endpoint.user_id):
        findings.append(
            Finding(
                "warning",
                _("The URL names user {named}, but the webhook belongs to user {uid}.").format(
                    named=endpoint.user_id, uid=uid
                ),
            )
        )
    if profile_result.redirected_to is not None:
        findings.append(
            Finding(
                "warning",
                _("The portal moved to {address}: update the saved URL.").format(
                    address=profile_result.redirected_to.display()
                ),
            )
        )

    im_available: bool | None = None
    try:
        method = client.call(METHOD_GET, {"name": PERSONAL_METHOD}).value
    except CancelledError:
        raise
    except B24NotifyError as err:
        msg = _("Could not ask whether {method} is allowed: {error}").format(
            method=PERSONAL_METHOD, error=err.one_line()
        )
        findings.append(Finding("warning", msg))
    else:
        if isinstance(method, dict) and method.get("isAvailable") is True:
            im_available = True
            findings.append(
                Finding(
                    "ok",
                    _("{method} is available: the 'im' scope is granted.").format(
                        method=PERSONAL_METHOD
                    ),
                )
            )
        elif isinstance(method, dict) and method.get("isExisting") is False:
            im_available = False
            findings.append(
                Finding(
                    "error",
                    _("The portal has no {method} method (is chat switched on?).").format(
                        method=PERSONAL_METHOD
                    ),
                )
            )
        elif isinstance(method, dict):
            im_available = False
            findings.append(
                Finding(
                    "error",
                    (
                        _(
                            "The webhook lacks the 'im' scope, so it cannot send notifications: "
                            "edit it in the portal and tick 'Chat and notifications (im)'."
                        )
                        if webhook
                        else _(
                            "The token lacks the 'im' scope, so it cannot send notifications: "
                            "edit it in the portal and tick 'Chat and notifications (im)'."
                        )
                    ),
                )
            )
        else:
            findings.append(
                Finding("warning", _("method.get gave an answer b24notify cannot read."))
            )

    ok = not any(f.level == "error" for f in findings)
    return CheckReport(ok, findings, profile or None, im_available)
