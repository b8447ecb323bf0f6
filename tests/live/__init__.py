"""The live-tenant suite: real ansible-playbook runs against STREAMKAP_API_URL (`make test-live`).

`python -m tests.live` is its one entry point: it refuses to start without consent and
credentials (settings.py), runs the tests in suite/ and, whatever happens, deletes what this run
created (cleanup.py). docs/testing.md says how to run it; selftest/ runs it against the simulator.
"""
