"""Run the simulator in the foreground: ``python -m tests.simulator [options]``."""

from __future__ import annotations

import argparse
import os
from typing import Sequence

import uvicorn

from .app import create_app
from .settings import SCHEMA_SHAPES, SECRET_STYLES, SimSettings


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    env = os.environ
    parser = argparse.ArgumentParser(prog="python -m tests.simulator", description="Streamkap API simulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(env.get("SIM_PORT", "8000")))
    parser.add_argument("--client-id", default=env.get("SIM_CLIENT_ID", "demo-client-id"))
    parser.add_argument("--client-secret", default=env.get("SIM_CLIENT_SECRET", "demo-client-secret"))
    parser.add_argument(
        "--access-token",
        default=env.get("SIM_ACCESS_TOKEN", "demo-access-token"),
        help="static token that never expires ('' disables it)",
    )
    parser.add_argument("--token-ttl", type=float, default=3600.0, help="access token lifetime (s)")
    parser.add_argument("--status-delay", type=float, default=0.0, help="Pending -> Starting -> Active (s)")
    parser.add_argument("--delete-delay", type=float, default=0.0, help="'Pending Delete' visibility (s)")
    parser.add_argument("--secret-style", choices=SECRET_STYLES, default="omit")
    parser.add_argument("--schema-shape", choices=SCHEMA_SHAPES, default="list")
    parser.add_argument("--job-polls", type=int, default=2, help="job_status reads a new job answers DEPLOYING")
    parser.add_argument(
        "--snapshot-polls", type=int, default=2, help="source metrics reads a started snapshot's topics answer running"
    )
    parser.add_argument(
        "--deploy-polls", type=int, default=2, help="reads a redeployed source or destination answers Starting"
    )
    parser.add_argument("--state-file", default=None, help="persist state in this JSON file")
    parser.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    return parser.parse_args(argv)


def settings_from_args(args: argparse.Namespace) -> SimSettings:
    return SimSettings(
        host=args.host,
        port=args.port,
        client_id=args.client_id,
        client_secret=args.client_secret,
        access_token=args.access_token,
        token_ttl=args.token_ttl,
        status_delay=args.status_delay,
        delete_delay=args.delete_delay,
        secret_style=args.secret_style,
        schema_shape=args.schema_shape,
        job_polls=args.job_polls,
        snapshot_polls=args.snapshot_polls,
        deploy_polls=args.deploy_polls,
        state_file=args.state_file,
    )


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    settings = settings_from_args(args)
    # h11 explicitly: the commit_then_drop fault relies on its connection transport.
    uvicorn.run(
        create_app(settings), host=settings.host, port=settings.port, http="h11", log_level=args.log_level
    )


if __name__ == "__main__":
    main()
