"""Wrong answers for Part 6."""
from . import Wrong  # noqa: F401

WRONG: list = []
