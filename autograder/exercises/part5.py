"""Part 5 exercises (cases and known mistakes)."""
from __future__ import annotations

EXERCISES: list = []
