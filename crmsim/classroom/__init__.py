"""Teaching: exercise feedback, the exercises, grading and the exercise build.

Every public name of the subpackage's modules is importable from here; modules load on
first use.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submodules=["build", "course_build", "exercises", "feedback", "grading"],
    submod_attrs={
        "build": ["BuildResult", "VERSIONS", "build_exercises", "render", "split_cell"],
        "course_build": [
            "CourseResult",
            "LANGUAGE_CELL",
            "Untranslated",
            "build_course",
            "comment_key",
            "join_lines",
            "passage_key",
            "read_catalogue",
            "render_teaching",
            "translate_comments",
            "translate_notebook",
        ],
        "exercises": ["EXERCISES", "exercise_from_name", "load", "questions"],
        "feedback": [
            "ChoiceQuestion",
            "Feedback",
            "Mistake",
            "Note",
            "NumberQuestion",
            "Outcome",
            "PredictionQuestion",
            "Question",
            "REGISTRY",
            "Registry",
            "SimulatedNumberQuestion",
            "____",
            "checker_fingerprint",
            "describe_answer",
            "export_answers",
            "feedback_modules",
            "read_letters",
            "read_number",
            "replace_registry",
            "show",
            "to_jsonable",
        ],
        "grading": [
            "COLUMNS",
            "CellError",
            "EXPORT_BUDGET_SECONDS",
            "MAX_OUTPUT_CHARS",
            "NotebookRun",
            "PROBLEM_PREFIX",
            "RESULTS",
            "RUN_STATUSES",
            "Submission",
            "exercise_of_notebook",
            "find_submissions",
            "format_summary",
            "grade",
            "grade_notebook",
            "notebook_problem",
            "run_notebook",
            "shown_problem",
            "summarise",
            "write_grades",
        ],
    },
)
