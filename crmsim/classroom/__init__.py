"""Teaching: exercise feedback, the exercises, grading and the exercise build.

Every public name of the subpackage"s modules is importable from here; modules load on
first use.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submodules=["build", "exercises", "feedback", "grading"],
    submod_attrs={
        "build": [
            "BuildResult",
            "VERSIONS",
            "add_build_command",
            "build_exercises",
            "render",
            "split_cell",
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
            "export_answers",
            "format_number",
            "replace_registry",
            "to_jsonable",
        ],
        "grading": [
            "COLUMNS",
            "RESULTS",
            "Submission",
            "add_grade_command",
            "find_submissions",
            "format_summary",
            "grade",
            "grade_notebook",
            "summarise",
            "write_grades",
        ],
    },
)
