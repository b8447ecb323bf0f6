"""Loaded by every Python process of a playbook run whose PYTHONPATH names this directory (integration
tests only): what modules hand to syslog is appended to the file named by $SYSTEM_LOG_FILE, one
JSON string a line, instead of reaching the machine's log."""
from __future__ import annotations

import json
import os

_PATH = os.environ.get("SYSTEM_LOG_FILE")

if _PATH:
    import syslog

    def _capture(*args: object) -> None:
        with open(_PATH, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(str(args[-1])) + "\n")

    syslog.openlog = lambda *args, **kwargs: None
    syslog.syslog = _capture
