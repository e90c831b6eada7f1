"""Wrong answers for Part 3."""
from . import Wrong  # noqa: F401

WRONG: list = []
