from . import fastimport  # noqa: F401  (first: before anything imports nbformat)
from .cli import main

raise SystemExit(main())
