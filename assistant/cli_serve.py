"""Subcommands for `assistant serve`: the Gradio app."""

from __future__ import annotations

from typing import Any


def register(commands: Any) -> None:
    """Add this module's subcommands to the ``assistant`` parser (none yet)."""
    del commands

