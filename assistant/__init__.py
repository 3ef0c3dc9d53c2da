"""Clause-cited guidance assistant over Chinese ready-mixed concrete policy.

``from assistant import Assistant`` is resolved lazily so that light commands stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import Answer, Assistant

__all__ = ["Answer", "Assistant"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(name)
