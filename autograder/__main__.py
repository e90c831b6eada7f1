from autograder import fastimport  # noqa: F401  (first: before anything imports nbformat)
from autograder.cli import run_and_exit

run_and_exit()
