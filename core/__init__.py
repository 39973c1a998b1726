"""b24notify's Qt-free core: addresses, attachment blocks, validation, the REST client and the sandbox.

Names are loaded lazily (PEP 562) so that importing ``core`` stays cheap: the HTTP stack is imported
only when a client is actually used.
"""

from __future__ import annotations

from core.version import __version__

__all__ = ["__version__"]
