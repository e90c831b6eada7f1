"""A class of submissions graded in parallel: intake, one worker per job, one writer.

- `autograde`: `autograde_class`, the whole run (jobs, workers, gradebook, CSVs, report).
- `intake`: which files are a submission (plain files only; links and devices refused).
- `worker`: a grading process with its own nbgrader course; `grade_submission` grades one.
"""
