"""A local Bitrix24 portal emulator (stdlib only) for trying webhooks and testing clients.

``SandboxPortal().start()`` listens on a free loopback port; see :mod:`core.sandbox.portal`.
"""

from __future__ import annotations

from core.sandbox.faults import FAULTS
from core.sandbox.portal import MISSING_USER_ID, SandboxPortal

__all__ = ["FAULTS", "MISSING_USER_ID", "SandboxPortal"]
