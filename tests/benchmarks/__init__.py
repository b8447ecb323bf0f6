"""Benchmarks of the streamkap.cloud collection against the simulator on loopback.

Run ``python -m tests.benchmarks`` from the repository root after ``make install``; it writes
docs/performance.md. Nothing here is a test: no timing is ever asserted.
"""
