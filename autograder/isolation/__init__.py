"""The trust boundary: everything that runs a student's code runs in a bubblewrap jail.

- `jail`: the bwrap command line, resource limits, whether a jail can be made here.
- `kernel_launcher`: the grading kernel's start command (outside), which execs its jail.
- `channel`: length-prefixed messages between the grader and a jail, bounded before decoding.
- `inside_init`: the `autograder` package a jail sees (its check_exercise judges nothing).
"""
