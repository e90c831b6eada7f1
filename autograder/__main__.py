from autograder import fastimport  # noqa: F401  (first: before anything imports nbformat)
from autograder.cli import main

raise SystemExit(main())
