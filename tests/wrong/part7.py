"""Wrong answers for Part 7."""
from . import Wrong  # noqa: F401

WRONG: list = []
