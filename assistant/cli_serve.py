"""Subcommands for `assistant serve`: the Gradio app."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

AUTH_VARIABLE = "ASSISTANT_UI_AUTH"


def cmd_serve(args: argparse.Namespace) -> int:
    from .api import Assistant
    from .config import Settings
    from .ui import launch, parse_auth

    try:
        auth = parse_auth(os.environ.get(AUTH_VARIABLE))
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    assistant = Assistant.open(Settings.from_env(), build_if_missing=True)
    where = f"http://{args.host}:{args.port}"
    print(f"serving on {where}" + (" (login required)" if auth else ""), flush=True)
    launch(assistant, host=args.host, port=args.port, auth=auth)
    return 0


def register(commands: Any) -> None:
    """Add `assistant serve [--host 127.0.0.1] [--port 7860]`."""
    serve = commands.add_parser("serve", help="start the Gradio app (login from ASSISTANT_UI_AUTH=user:password)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=7860)
    serve.set_defaults(func=cmd_serve)
