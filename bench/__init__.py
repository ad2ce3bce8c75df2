"""Benchmarks of the portal (``make bench`` = ``python -m bench``); see shared PERFORMANCE.md."""
