"""Wrong answers for Part 5."""
from . import Wrong  # noqa: F401

WRONG: list = []
