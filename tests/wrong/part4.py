"""Wrong answers for Part 4."""
from . import Wrong  # noqa: F401

WRONG: list = []
