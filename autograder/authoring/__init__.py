"""Building the course itself: notebook cells, solution cells from `solutions/`, the release.

- `cells`: markdown, solution, test and given cells with nbgrader metadata.
- `sync`: writes each solution cell from `solutions/` (one source of truth).
- `release`: the student release (nbgrader generate_assignment + the course's own files).
"""
