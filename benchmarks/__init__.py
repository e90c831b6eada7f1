"""Benchmarks of the course: class grading against plain nbgrader, where one submission's time
goes, notebook Run All and hidden checks, the fast convolution against OpenCV, widget redraws.

`python -m benchmarks` (what `make bench` runs) prints one table and writes it to
benchmarks/results-<date>.md (git-ignored); `--quick` runs everything once on a tiny class to
prove that it works (tests/test_benchmarks.py), without judging its numbers.
"""
