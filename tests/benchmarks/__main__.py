"""``python -m tests.benchmarks``: run every benchmark and write docs/performance.md."""
from __future__ import annotations

import sys

from tests.benchmarks.run import main

sys.exit(main())
