"""nbgrader's Autograde pipeline as this course runs it, and the course folder nbgrader grades in.

- `config`: the traitlets configuration (preprocessors, limits, kernel, exporter) for a course.
- `notebook_limits`: `LimitedExecute`, nbgrader's executor with output and message caps.
- `verify` + `judge_answers`: the out-of-kernel check of a notebook's answers (in the answer
  checker's jail) and the preprocessors that turn it into nbgrader's points and comments.
- `feedback`: the feedback page (hidden tests removed, student HTML sanitised).
- `exports`, `gradebook_writer`, `csvsafe`: what leaves the gradebook (grades.csv, flags.csv).
- `workspace`, `course_folder`, `limits`: the nbgrader course a grading run works in.
"""
