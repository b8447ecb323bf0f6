"""Run a command and write its wall time and resource usage (os.wait4) to a JSON file.

    python -I -S launcher.py USAGE.json COMMAND [ARG ...]

Every measured process starts through this small interpreter rather than straight from the
benchmark's: on Linux a child inherits the peak RSS of the process it was forked from, and
ru_maxrss would report the benchmark's own memory instead of the child's. This launcher's
peak (about 8 MiB) is below that of any Python process measured.
"""
import json
import os
import sys
import time


def main() -> int:
    usage_file, command = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.execv(command[0], command)
        finally:
            os._exit(127)
    _pid, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    with open(usage_file, "w", encoding="utf-8") as handle:
        # Linux reports ru_maxrss in KiB.
        json.dump({"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "max_rss_kib": usage.ru_maxrss}, handle)
    code = os.waitstatus_to_exitcode(status)
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())
