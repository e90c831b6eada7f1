"""The class report (`python -m autograder report GRADED_DIR`): exact counts, escaping, a real class.

The synthetic class is written as `autograde` writes a graded folder (tests/graded_class.py):
answers from the mistake catalogue, judged in process as the hidden test judges them. Its
counts are chosen here by hand (12 students in Part 2, 4 of them also in Part 1), so
mistakes.csv must hold exactly EXPECTED_ROWS. A small real class (Part 1, three students)
is autograded through the CLI, which writes the report itself. The browser test opens the
synthetic report in Chromium from file:// and saves test-artifacts/browser/report.png.
"""
from __future__ import annotations

import csv
import html
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.exercises.checks import run_checks
from autograder.course import REPO_ROOT, source_notebooks
from autograder.exercises import get_exercise
from autograder.pipeline.csvsafe import original_cell, safe_cell, safe_row
from autograder.report import write_report, write_report_or_warn
from autograder.report.flags import flag_kind, group_flags
from autograder.report.load import FlagRow, load_graded
from autograder.report.summary import summarise
from graded_class import (ExerciseGrade, Flag, SubmissionResult, not_answered, write_graded_class,
                          write_results)
from wrong import part1, part2

P1, P2 = "part1_subimages", "part2_im_conv"

# Who answers what (students s01..s12 in Part 2, s01..s04 in Part 1); the rest is the reference.
PART2 = {
    "im_conv": {part2.flipped_kernel: [1, 2, 3, 4], part2.transposed_output: [5, 6],
                part2.multiply_window_in_place: [7], not_answered: [8, 9],
                part2.im_conv_without_checks: [10]},
    "flip_kernel": {part2.flipped_up_down_only: [1, 5], part2.flip_keeps_int_dtype: [2],
                    not_answered: [8, 9], part2.flip_without_checks: [3]},
    "im_convolve": {part2.kernel_not_flipped: [1, 2, 3, 4, 5, 6], not_answered: [8, 9]},
    "crop_to_valid": {not_answered: [8, 9]},
}
PART1 = {"SUBIMAGE_OPTION": {5: [1, 2], 1: [3], 2: [4]}, "conv_output_shape": {part1.width_first: [1]}}

# What the diagnosis recognises on each of those answers (checked first, so that a change in
# the catalogue shows here and not as a wrong count).
RECOGNISED = {
    ("im_conv", part2.flipped_kernel): ["flipped kernel"],
    ("im_conv", part2.transposed_output): ["result transposed"],
    ("im_conv", part2.multiply_window_in_place): ["input changed in place"],
    ("im_conv", not_answered): ["not answered"],
    ("im_conv", part2.im_conv_without_checks): [],
    ("flip_kernel", part2.flipped_up_down_only): ["flipped up-down only"],
    ("flip_kernel", part2.flip_keeps_int_dtype): ["integer result"],
    ("flip_kernel", not_answered): ["not answered"],
    ("flip_kernel", part2.flip_without_checks): [],
    ("im_convolve", part2.kernel_not_flipped): ["kernel not flipped (cross-correlation)"],
    ("im_convolve", not_answered): ["not answered"],
    ("crop_to_valid", not_answered): ["not answered"],
    ("SUBIMAGE_OPTION", 5): ["option 5"],
    ("SUBIMAGE_OPTION", 1): ["option 1"],
    ("conv_output_shape", part1.width_first): ["height and width swapped"],
}

EXPECTED_ROWS = [
    [P1, "test_conv_output_shape", "height and width swapped", "1", "0.25"],
    [P1, "test_SUBIMAGE_OPTION", "option 5", "2", "0.5"],
    [P1, "test_SUBIMAGE_OPTION", "option 1", "1", "0.25"],
    [P2, "test_im_conv", "flipped kernel", "4", "0.3333"],
    [P2, "test_im_conv", "not answered", "2", "0.1667"],
    [P2, "test_im_conv", "result transposed", "2", "0.1667"],
    [P2, "test_im_conv", "input changed in place", "1", "0.0833"],
    [P2, "test_im_conv", "(no recognised mistake)", "1", "0.0833"],
    [P2, "test_flip_kernel", "flipped up-down only", "2", "0.1667"],
    [P2, "test_flip_kernel", "not answered", "2", "0.1667"],
    [P2, "test_flip_kernel", "integer result", "1", "0.0833"],
    [P2, "test_flip_kernel", "(no recognised mistake)", "1", "0.0833"],
    [P2, "test_im_convolve", "kernel not flipped (cross-correlation)", "6", "0.5"],
    [P2, "test_im_convolve", "not answered", "2", "0.1667"],
    [P2, "test_crop_to_valid", "not answered", "2", "0.1667"],
]

FLAGS = [
    Flag("s03", P2, "", "part2_im_conv.ipynb: cell 7 writes or deletes files; a person should look"),
    Flag("s04", P2, "", "part2_im_conv.ipynb: cell 12 writes or deletes files; a person should look"),
    Flag("s05", P2, "test_im_conv", "im_conv: your code took longer than 30 s."),
    Flag("s06", "notes", "", "notes is not an assignment of this course; not graded"),
]


def _answers() -> dict:
    answers = {f"s{i:02d}": {P2: {}} for i in range(1, 13)}
    for assignment, table in ((P2, PART2), (P1, PART1)):
        for exercise, by_answer in table.items():
            for answer, students in by_answer.items():
                for i in students:
                    answers[f"s{i:02d}"].setdefault(assignment, {})[exercise] = answer
    return answers


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic") / "graded"
    write_graded_class(out, _answers(), FLAGS)
    write_report(out)
    return out


def _mistakes_csv(folder: Path) -> list:
    with open(folder / "mistakes.csv", newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def _exercise_article(page: str, name: str) -> str:
    """The report's section about exercise `name`."""
    found = [part for part in page.split("<article")[1:] if f"<code>{name}</code></h3>" in part]
    assert len(found) == 1, name
    return found[0].split("</article>")[0]


# --- the synthetic class ----------------------------------------------------------------------

@pytest.mark.parametrize("key", list(RECOGNISED), ids=lambda k: f"{k[0]}-{getattr(k[1], '__name__', k[1])}")
def test_the_catalogue_answers_are_recognised_as_the_class_needs(key):
    exercise, answer = key
    report = run_checks(answer, exercise)
    assert not report.passed
    assert report.mistakes == RECOGNISED[key], report.message


def test_mistakes_csv_has_exactly_the_expected_counts(synthetic):
    rows = _mistakes_csv(synthetic)
    assert rows[0] == ["assignment", "exercise", "mistake", "students", "share"]
    assert rows[1:] == EXPECTED_ROWS


def test_unanswered_and_unrecognised_shares(synthetic):
    exercises = {e.name: e for a in summarise(load_graded(synthetic).grades) for e in a.exercises}
    im_conv = exercises["im_conv"]
    assert (im_conv.students, im_conv.full_marks, im_conv.not_answered, im_conv.unrecognised) == (12, 2, 2, 1)
    assert im_conv.not_answered_share == pytest.approx(2 / 12)
    assert im_conv.unrecognised_share == pytest.approx(1 / 12)
    assert (exercises["crop_to_valid"].not_answered, exercises["crop_to_valid"].unrecognised) == (2, 0)
    page = (synthetic / "report.html").read_text(encoding="utf-8")
    article = _exercise_article(page, "im_conv")
    assert re.search(r"full marks: <b>2</b> of 12 \(17%\)", article), article[:800]
    assert re.search(r"not answered: <b>2</b> \(17%\)", article), article[:800]
    assert re.search(r"no recognised mistake: <b>1</b>\s*\(8\.3%\)", article), article[:800]
    # The unrecognised failure is shown (anonymised) so the catalogue can grow there.
    assert "A failure with no recognised mistake" in article


def test_report_shows_explanations_and_an_anonymised_example(synthetic):
    page = (synthetic / "report.html").read_text(encoding="utf-8")
    article = _exercise_article(page, "im_conv")
    explain = next(m.explain for m in get_exercise("im_conv").mistakes if m.name == "flipped kernel")
    assert explain in html.unescape(article)
    example = re.search(r'with "flipped kernel" \(anonymised\)</h4>\s*<pre>(.*?)</pre>', html.unescape(article), re.S)
    assert example, article[:2000]
    assert example.group(1) == run_checks(part2.flipped_kernel, "im_conv").failing_case
    assert not re.search(r"\bs(0[1-9]|1[0-2])\b", example.group(1))


def test_report_headline_and_histograms(synthetic):
    page = (synthetic / "report.html").read_text(encoding="utf-8")
    assert re.search(r'id="count-students">12<', page)
    assert re.search(r'id="count-submissions">16<', page)
    assert re.search(r'id="count-flags">4<', page)
    # Per part a histogram and the full marks; per exercise where someone lost marks, its mistakes.
    assert page.count('src="data:image/png;base64,') == 2 * 2 + 2 + 4
    assert "http://" not in page and "https://" not in page


def test_flags_are_grouped_by_kind_with_their_students(synthetic):
    groups = group_flags(load_graded(synthetic).flags)
    kinds = {g.kind: g.students for g in groups}
    assert kinds == {"cell N writes or deletes files; a person should look": ["s03", "s04"],
                     "your code took longer than N s": ["s05"],
                     "… is not an assignment of this course; not graded": ["s06"]}


@pytest.mark.parametrize("reason, student, assignment, exercise, kind", [
    ("extra file notes.txt was ignored", "a", P1, "", "extra file … was ignored"),
    ("part1_subimages.ipynb is not a valid notebook (JSONDecodeError: Expecting value: line 1)", "a", P1, "",
     "… is not a valid notebook"),
    ("part1_subimages.ipynb is missing; graded Untitled.ipynb in its place (renamed?)", "a", P1, "",
     "… is missing; graded … in its place"),
    ("part1_subimages.ipynb: the solution cell get_subimages was deleted or its metadata changed", "a", P1, "",
     "the solution cell … was deleted or its metadata changed"),
    ("part1_subimages.ipynb: nbgrader metadata ['points'] of test_get_subimages was changed to 5", "a", P1, "",
     "nbgrader metadata … of … was changed to N"),
    ("passes on its own but failed in the notebook: NameError: name 'x' is not defined", "a", P2, "test_im_conv",
     "passes on its own but failed in the notebook"),
    ("grading stopped after 360 s or the grading process died; scored 0", "a", P2, "",
     "grading stopped after N s or the grading process died; scored N"),
    ("<b>x</b>.ipynb is missing from the submission", "<b>x</b>", P2, "", "… is missing from the submission"),
])
def test_flag_kinds_leave_out_the_particulars(reason, student, assignment, exercise, kind):
    assert flag_kind(FlagRow(student, assignment, exercise, reason)) == kind


# --- escaping ------------------------------------------------------------------------------------

STUDENT = "<script>alert('id')"
HOSTILE_CASE = "Smallest failing case: s\n  got:\n      ValueError: <script>alert(1)</script> from " + STUDENT
FORMULA_ASSIGNMENT = '=SUM("1",2)'  # a folder name: no slash


def _hostile_results() -> list:
    return [SubmissionResult([
        ExerciseGrade(STUDENT, FORMULA_ASSIGNMENT, "nb", "test_thing", 0.0, 2.0, "feedback",
                      ["-1 off", "@SUM(A1)"], HOSTILE_CASE),
        ExerciseGrade(STUDENT, FORMULA_ASSIGNMENT, "nb", "test_other", 0.5, 2.0, "feedback", [], ""),
    ]), SubmissionResult([
        ExerciseGrade("plain", FORMULA_ASSIGNMENT, "nb", "test_thing", 2.0, 2.0, "", [], ""),
        ExerciseGrade("plain", FORMULA_ASSIGNMENT, "nb", "test_other", 2.0, 2.0, "", [], ""),
    ])]


def test_everything_from_a_student_is_escaped(tmp_path):
    flags = [Flag(STUDENT, FORMULA_ASSIGNMENT, "", '<img src=x onerror="alert(2)">.ipynb is missing')]
    write_results(tmp_path, _hostile_results(), flags)
    write_report(tmp_path)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page          # the failing case, escaped
    cells = [html.unescape(cell) for cell in re.findall(r"<td>(.*?)</td>", page)]
    assert STUDENT in cells                                         # the student in the flags table
    assert "from &lt;student&gt;" in page                           # the example is anonymised
    assert "default-src 'none'" in page                               # and no script may run


def test_csv_cells_are_never_formulas(tmp_path):
    write_results(tmp_path, _hostile_results())
    write_report(tmp_path)
    rows = _mistakes_csv(tmp_path)
    assert rows[1:] == [["'" + FORMULA_ASSIGNMENT, "test_thing", "'-1 off", "1", "0.5"],
                        ["'" + FORMULA_ASSIGNMENT, "test_thing", "'@SUM(A1)", "1", "0.5"],
                        ["'" + FORMULA_ASSIGNMENT, "test_other", "(no recognised mistake)", "1", "0.5"]]
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "'=1", "'plain", "plain", "two\nlines", ""])
def test_safe_cell_quotes_formulas_and_reads_back(text):
    written = safe_cell(text)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert original_cell(written) == text


@pytest.mark.parametrize("text, written", [("\rx", "'\\rx"), ("ok\x1b[2J", "ok\\x1b[2J"),
                                           ("=A1\x1b[8m", "'=A1\\x1b[8m"), ("a\u202eb", "a\\u202eb")])
def test_control_characters_are_shown_not_obeyed(text, written):
    """A teacher may `cat` a CSV file: terminal escapes from a student's text stay visible text."""
    assert safe_cell(text) == written


def test_safe_row_leaves_numbers_alone():
    assert safe_row([-1, 2.5, "-1", None]) == [-1, 2.5, "'-1", None]


def test_grades_csv_cells_written_safely_are_read_back(tmp_path):
    """When grades.csv is written through csvsafe, the report still finds each grades.json."""
    write_results(tmp_path, _hostile_results())
    text = (tmp_path / "grades.csv").read_text(encoding="utf-8")
    assert "'" + FORMULA_ASSIGNMENT.replace('"', '""') in text, "autograde writes grades.csv through csvsafe"
    grades = load_graded(tmp_path).grades
    assert {g.assignment for g in grades} == {FORMULA_ASSIGNMENT}
    assert [g.mistakes for g in grades if g.student == STUDENT and g.exercise == "test_thing"] == [
        ["-1 off", "@SUM(A1)"]]


# --- the command and autograde ---------------------------------------------------------------

def test_report_command_rewrites_the_files(synthetic):
    (synthetic / "report.html").unlink()
    (synthetic / "mistakes.csv").unlink()
    run = subprocess.run([sys.executable, "-m", "autograder", "report", str(synthetic)], cwd=REPO_ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (synthetic / "report.html").is_file()
    assert _mistakes_csv(synthetic)[1:] == EXPECTED_ROWS


def test_report_command_without_grades_says_what_to_do(tmp_path):
    run = subprocess.run([sys.executable, "-m", "autograder", "report", str(tmp_path)], cwd=REPO_ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 2 and "autograde" in run.stderr


def test_a_failed_report_costs_only_the_report(tmp_path, capsys):
    (tmp_path / "grades.csv").write_text("student,score\ns1,1\n")  # columns missing: the report fails
    before = (tmp_path / "grades.csv").read_bytes()
    assert write_report_or_warn(tmp_path) is False
    assert "the class report was not written" in capsys.readouterr().err
    assert (tmp_path / "grades.csv").read_bytes() == before


@pytest.fixture(scope="module")
def real_class(tmp_path_factory):
    """Part 1 autograded through the CLI: the reference, the release untouched, one wrong answer."""
    from autograder.authoring.release import build_release
    from classroom import answered, submit
    tmp = tmp_path_factory.mktemp("real")
    build_release(tmp / "release", [P1])
    released = nbformat.read(tmp / "release" / P1 / f"{P1}.ipynb", as_version=4)
    names = next(nb for nb in source_notebooks() if nb.assignment == P1).exercises()
    right = {n: "reference" for n in names}
    swapped = next(w for w in part1.WRONG if w.answer is part1.slice_x_and_y_swapped)
    for student, answers in (("reference", right), ("empty", {}),
                             ("swapped", {**right, "get_subimages": swapped.solution_source()})):
        submit(tmp / "submissions", student, P1, f"{P1}.ipynb", answered(released, answers))
    out = tmp / "out"
    run = subprocess.run([sys.executable, "-m", "autograder", "autograde", str(tmp / "submissions"),
                          "--out", str(out), "--jobs", "2"], cwd=REPO_ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    return out


def test_autograde_writes_the_report_of_a_real_class(real_class):
    rows = _mistakes_csv(real_class)[1:]
    assert [P1, "test_conv_output_shape", "not answered", "1", "0.3333"] in rows
    assert [P1, "test_get_subimages", "not answered", "1", "0.3333"] in rows
    assert [P1, "test_get_subimages", "slicing option 5", "1", "0.3333"] in rows
    # The untouched constant lost its mark too: as "not answered" or as a failure the diagnosis
    # does not name (today a NameError), but counted once.
    constant = [r for r in rows if r[1] == "test_SUBIMAGE_OPTION"]
    assert [r[3] for r in constant] == ["1"], constant
    assert len(rows) == 4, rows
    page = (real_class / "report.html").read_text(encoding="utf-8")
    assert re.search(r'id="count-students">3<', page)


def test_the_report_of_a_real_class_shows_no_hidden_test_source(real_class):
    page = (real_class / "report.html").read_text(encoding="utf-8")
    source = next(nb for nb in source_notebooks() if nb.assignment == P1).read()
    hidden = []
    for cell in source.cells:
        text = cell.source
        while "### BEGIN HIDDEN TESTS" in text:
            block, text = text.split("### BEGIN HIDDEN TESTS", 1)[1].split("### END HIDDEN TESTS", 1)
            hidden += [line.strip() for line in block.splitlines() if len(line.strip()) > 8]
    assert hidden
    for line in hidden + ["BEGIN HIDDEN TESTS", "check_exercise"]:
        assert line not in page and html.escape(line) not in page, line


# --- in a browser ---------------------------------------------------------------------------------

@pytest.mark.browser
def test_the_report_opens_in_chromium_without_errors(synthetic):
    from test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, _require_browser
    sync_playwright = _require_browser()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
                    if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
            page.goto((synthetic / "report.html").as_uri())
            page.wait_for_load_state("load")
            for element, text in (("#count-students", "12"), ("#count-submissions", "16"), ("#count-flags", "4")):
                assert page.locator(element).is_visible() and page.locator(element).inner_text() == text
            assert page.get_by_text("Reteach first", exact=True).first.is_visible()
            top = page.locator("#reteach + p + .card tr").nth(1)
            assert top.is_visible() and "kernel not flipped (cross-correlation)" in top.inner_text()
            assert "6 of 12 (50%)" in top.inner_text()
            broken = page.evaluate("() => Array.from(document.images).filter(i => !i.naturalWidth).length")
            assert broken == 0, f"{broken} images did not load"
            page.screenshot(path=str(ARTIFACTS / "report.png"))
            page.screenshot(path=str(ARTIFACTS / "report-full.png"), full_page=True)
        finally:
            browser.close()
    assert not problems, problems
