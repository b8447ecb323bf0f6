"""Streamkap API simulator (FastAPI). Run with ``python -m tests.simulator``; see README.md."""

from .app import create_app
from .settings import SimSettings

__all__ = ["SimSettings", "create_app"]
