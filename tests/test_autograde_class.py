"""A synthetic class for every part, graded through the CLI with exact expected scores.

Per part: the reference answers (full marks), the release untouched (0), every
exercise answered by a known-wrong implementation (the partial credit the in-process
judge gives it with the class's cases, always less than full), and a partly right
student (only the first exercise). Part 1 adds each wrong slicing option and a
syntax error. The class is graded with --jobs 2, then Part 1 again with
--jobs 1 to prove the results do not depend on parallelism.
"""
import nbformat
import pytest

from autograder.course import source_notebooks
from autograder.authoring.release import build_release
from classroom import (answered, earned, read_flags, read_grades, run_autograder, submit, tree_digest,
                       use_secret)
from wrong import all_wrong

NOTEBOOKS = source_notebooks()
FIRST_WRONG = {}
for _w in all_wrong():
    FIRST_WRONG.setdefault(_w.exercise, _w)
WRONG_OPTIONS = [w for w in all_wrong() if w.exercise == "get_subimages" and "option" in w.mentions]


def _points(notebook) -> dict:
    return {c.metadata["nbgrader"]["grade_id"][5:]: float(c.metadata["nbgrader"]["points"])
            for c in notebook.read().cells if c.metadata.get("nbgrader", {}).get("grade")}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Build the class, grade it with the CLI; returns (submissions, out, expected scores, digest)."""
    tmp = tmp_path_factory.mktemp("class")
    release, submissions = tmp / "release", tmp / "submissions"
    build_release(release)
    expected = {}
    for notebook in NOTEBOOKS:
        released = nbformat.read(release / notebook.assignment / f"{notebook.stem}.ipynb", as_version=4)
        names, points = notebook.exercises(), _points(notebook)
        part = notebook.assignment.split("_")[0]
        all_wrong_answers = {n: FIRST_WRONG[n].solution_source() for n in names}
        students = {
            f"{part}-reference": ({n: "reference" for n in names}, {n: points[n] for n in names}),
            f"{part}-empty": ({}, {n: 0.0 for n in names}),
            # Partial credit: what each known-wrong answer earns with the class's cases, in process.
            f"{part}-all-wrong": (all_wrong_answers, earned(notebook, all_wrong_answers)),
            f"{part}-partly-right": ({names[0]: "reference"},
                                     {n: (points[n] if n == names[0] else 0.0) for n in names}),
        }
        assert earned(notebook, students[f"{part}-reference"][0]) == students[f"{part}-reference"][1]
        assert all(v < points[n] for n, v in students[f"{part}-all-wrong"][1].items()), "wrong answers lose points"
        if part == "part1":
            for wrong in WRONG_OPTIONS:
                answers = {n: "reference" for n in names}
                answers["get_subimages"] = wrong.solution_source()
                students[f"part1-{wrong.answer.__name__}"] = (answers, earned(notebook, answers))
            answers = {n: "reference" for n in names}
            answers["conv_output_shape"] = "def conv_output_shape(image_shape, kernel_shape, mode=:\n    pass\n"
            students["part1-syntax-error"] = (answers, {n: (0.0 if n == "conv_output_shape" else points[n])
                                                        for n in names})
        for student, (answers, scores) in students.items():
            submit(submissions, student, notebook.assignment, f"{notebook.stem}.ipynb", answered(released, answers))
            expected.update({(student, f"test_{n}"): (s, points[n]) for n, s in scores.items()})
    before = tree_digest(submissions)
    out = tmp / "out"
    use_secret(out)
    run_autograder("autograde", submissions, "--out", out, "--jobs", 2)
    return submissions, out, expected, before


def test_every_student_gets_exactly_the_expected_score(graded):
    _, out, expected, _ = graded
    got = read_grades(out)
    wrong = {key: (got.get(key), want, feedback_of(out, *key)) for key, want in expected.items()
             if got.get(key) != want}
    assert not wrong and set(got) == set(expected), wrong


def feedback_of(out, student, exercise):
    import json
    for path in (out / "feedback" / student).rglob("grades.json"):
        for row in json.loads(path.read_text()):
            if row["exercise"] == exercise:
                return row["feedback"][:600]
    return "no feedback"


def test_submissions_are_byte_identical_after_grading(graded):
    submissions, _, _, before = graded
    assert tree_digest(submissions) == before


def test_feedback_exists_for_every_student_and_shows_no_hidden_test_source(graded):
    submissions, out, _, _ = graded
    students = sorted(p.name for p in submissions.iterdir())
    for student in students:
        pages = list((out / "feedback" / student).rglob("*.html"))
        assert pages, f"no feedback for {student}"
        for page in pages:
            html = page.read_text()
            assert "check_exercise" not in html and "HIDDEN TESTS" not in html, page


def test_feedback_names_the_mistake(graded):
    _, out, _, _ = graded
    page = next((out / "feedback" / "part1-slice_x_and_y_swapped").rglob("*.html")).read_text()
    assert "slicing option 5" in page


def test_honest_submissions_raise_no_flags(graded):
    _, out, _, _ = graded
    flagged = {row["student"] for row in read_flags(out)}
    honest = {s for s in flagged if s.endswith(("-reference", "-empty", "-partly-right"))}
    assert not honest, [r for r in read_flags(out) if r["student"] in honest]


def test_grades_do_not_depend_on_the_number_of_jobs(graded, tmp_path):
    submissions, out, _, _ = graded
    part1_only = tmp_path / "submissions"
    for student in submissions.iterdir():
        if student.name.startswith("part1-"):
            for path in student.rglob("*.ipynb"):
                target = part1_only / path.relative_to(submissions)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
    sequential = tmp_path / "out"
    use_secret(sequential)
    run_autograder("autograde", part1_only, "--out", sequential, "--jobs", 1)
    parallel = {k: v for k, v in read_grades(out).items() if k[0].startswith("part1-")}
    differ = {k: (v, parallel.get(k), feedback_of(sequential, *k)) for k, v in read_grades(sequential).items()
              if parallel.get(k) != v}
    assert not differ and len(parallel) == len(read_grades(sequential)), differ
