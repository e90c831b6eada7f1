"""Count what the class got wrong: per assignment and exercise, from the loaded grades.

A student "made" a mistake on an exercise when the diagnosis recognised it on that student's
answer (the `mistakes` of the grade); shares are over the students graded on the exercise.
"Not answered" is one of the recognised mistakes; a grade that lost marks with no recognised
mistake counts as unrecognised, which is where the mistake catalogue can grow.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from autograder.exercises.diagnose import GENERIC_MISTAKES
from autograder.exercises.spec import TAG_MEANINGS

NOT_ANSWERED = "not answered"
UNRECOGNISED = "(no recognised mistake)"  # the row of mistakes.csv for unrecognised failures
EXAMPLE_CHARS = 4000  # a failing case is shown up to this length


@dataclass
class MistakeCount:
    name: str
    students: int
    share: float
    explanation: str


@dataclass
class ExerciseSummary:
    """One graded test cell across the class."""
    exercise: str            # grade_id, as in grades.csv
    name: str                # the exercise's name (grade_id without "test_")
    students: int
    full_marks: int
    mistakes: list           # MistakeCount, most common first ("not answered" included)
    not_answered: int
    unrecognised: int
    example: str = ""        # a smallest failing case of the most common mistake that has one, anonymised
    example_mistake: str = ""
    unrecognised_example: str = ""

    @property
    def lost_marks(self) -> int:
        return self.students - self.full_marks

    @property
    def full_share(self) -> float:
        return self.full_marks / self.students if self.students else 0.0

    @property
    def not_answered_share(self) -> float:
        return self.not_answered / self.students if self.students else 0.0

    @property
    def unrecognised_share(self) -> float:
        return self.unrecognised / self.students if self.students else 0.0


@dataclass
class AssignmentSummary:
    name: str
    totals: list             # one total score per student
    max_total: float
    full_marks: int          # students with full marks on every exercise
    exercises: list = field(default_factory=list)

    @property
    def students(self) -> int:
        return len(self.totals)

    @property
    def median(self) -> float:
        return statistics.median(self.totals) if self.totals else 0.0


def percent(share: float) -> str:
    """0.25 -> "25%", 0.025 -> "2.5%", 1/3 -> "33%"."""
    value = 100 * share
    text = f"{value:.0f}" if value >= 10 or value == 0 else f"{value:.1f}".rstrip("0").rstrip(".")
    return text + "%"


def explanation(exercise_name: str, mistake: str) -> str:
    """The explanation the feedback gave for `mistake` on `exercise_name` ("" if none is known)."""
    from autograder.exercises import EXERCISES
    exercise = EXERCISES.get(exercise_name)
    for known in exercise.mistakes if exercise else ():
        if known.name == mistake:
            return known.explain
    if mistake in GENERIC_MISTAKES:
        return GENERIC_MISTAKES[mistake]
    if mistake.endswith(" cases") and mistake[:-len(" cases")] in TAG_MEANINGS:
        return TAG_MEANINGS[mistake[:-len(" cases")]]
    return ""


def recognised(exercise_name: str, mistakes: list) -> list:
    """The names of `mistakes` the grader can give on `exercise_name` (its catalogue, the generic
    mistakes and "<tag> cases"), each once. A grades.json may be a student's own (a course
    folder's feedback/ carries a submission's extra files), so other names are not hers to add;
    an exercise the course does not know has no catalogue, and keeps its names."""
    from autograder.exercises import EXERCISES
    names = list(dict.fromkeys(mistakes))
    if exercise_name not in EXERCISES:
        return names
    return [name for name in names if explanation(exercise_name, name)]


def anonymised(text: str, student: str) -> str:
    """`text` without the student's id in it, cut to EXAMPLE_CHARS."""
    if len(student) >= 3:
        text = re.sub(rf"(?<![\w.-]){re.escape(student)}(?![\w.-])", "<student>", text)
    return text if len(text) <= EXAMPLE_CHARS else text[:EXAMPLE_CHARS] + " …"


def _example(grades: list) -> str:
    """The failing case most of `grades` share (then the shortest): one anonymised example."""
    cases = Counter(g.failing_case for g in grades if g.failing_case)
    if not cases:
        return ""
    text = min(cases, key=lambda c: (-cases[c], len(c), c))
    student = next(g.student for g in grades if g.failing_case == text)
    return anonymised(text, student)


def summarise_exercise(grades: list) -> ExerciseSummary:
    """The summary of one exercise from its grades (one per student)."""
    first = grades[0]
    students = {g.student for g in grades}
    by_mistake: dict = {}
    named = {id(g): recognised(first.name, g.mistakes) for g in grades}
    for g in grades:
        for mistake in named[id(g)]:
            by_mistake.setdefault(mistake, {})[g.student] = g
    counts = sorted(by_mistake.items(), key=lambda item: (-len(item[1]), item[0]))
    mistakes = [MistakeCount(name, len(who), len(who) / len(students), explanation(first.name, name))
                for name, who in counts]
    unrecognised = [g for g in grades if not g.full_marks and not named[id(g)]]
    summary = ExerciseSummary(
        first.exercise, first.name, len(students), sum(g.full_marks for g in grades), mistakes,
        len(by_mistake.get(NOT_ANSWERED, {})), len({g.student for g in unrecognised}),
        unrecognised_example=_example(unrecognised))
    # The most common mistake that came with a failing case (a limit, or an exercise that would
    # give its answer away, shows none).
    named = [m.name for m in mistakes if m.name != NOT_ANSWERED]
    examples = ((name, _example(list(by_mistake[name].values()))) for name in named)
    summary.example_mistake, summary.example = next(((n, e) for n, e in examples if e),
                                                    (named[0] if named else "", ""))
    return summary


def summarise(grades: list) -> list:
    """[AssignmentSummary] by assignment name (the course's order: part1_…, part2_…), each with
    its exercises in the order grades.csv has them (the notebook's order)."""
    assignments: dict = {}
    for g in grades:
        assignments.setdefault(g.assignment, {}).setdefault(g.exercise, []).append(g)
    summaries = []
    for name, exercises in sorted(assignments.items()):
        totals: dict = {}
        maxima: dict = {}
        lost: set = set()
        for exercise_grades in exercises.values():
            for g in exercise_grades:
                totals[g.student] = totals.get(g.student, 0.0) + g.score
                maxima[g.student] = maxima.get(g.student, 0.0) + g.max_score
                if not g.full_marks:
                    lost.add(g.student)
        summary = AssignmentSummary(name, [totals[s] for s in sorted(totals)],
                                    max(maxima.values(), default=0.0), len(set(totals) - lost))
        summary.exercises = [summarise_exercise(exercise_grades) for exercise_grades in exercises.values()]
        summaries.append(summary)
    return summaries


def top_mistakes(assignments: list, count: int = 8) -> list:
    """[(assignment, exercise summary, MistakeCount)] most shared first, "not answered" left out."""
    rows = [(a.name, e, m) for a in assignments for e in a.exercises for m in e.mistakes
            if m.name != NOT_ANSWERED]
    return sorted(rows, key=lambda r: (-r[2].share, -r[2].students, r[0], r[1].exercise, r[2].name))[:count]
