"""Every graded exercise of the course, by part: cases, mistakes, comparison rules."""
from __future__ import annotations

from autograder.exercises.spec import Exercise
from autograder.exercises import part1, part2, part3, part4, part5, part6, part7

PARTS = {
    "part1_subimages": part1.EXERCISES,
    "part2_im_conv": part2.EXERCISES,
    "part3_kernels": part3.EXERCISES,
    "part4_padding_stride": part4.EXERCISES,
    "part5_channels": part5.EXERCISES,
    "part6_pooling": part6.EXERCISES,
    "part7_compare_fast": part7.EXERCISES,
}

EXERCISES: dict[str, Exercise] = {ex.name: ex for exercises in PARTS.values() for ex in exercises}


def get_exercise(name: str) -> Exercise:
    """The exercise called `name`; KeyError names the known ones."""
    try:
        return EXERCISES[name]
    except KeyError:
        raise KeyError(f"no exercise {name!r}; known: {sorted(EXERCISES)}") from None
