"""Wrong answers for Part 2."""
from . import Wrong  # noqa: F401

WRONG: list = []
