"""Benchmarks of the acceptance figures: `make bench` runs them all, `python -m benchmarks.bench_X` one.

They print figures, the goal next to each, and ratios against a baseline measured in the same run. They
never assert on timings: the machine is shared and noisy.
"""
