"""Build hook for the optional compiled decoder loop (metadata lives in pyproject.toml).

Why optional: the restore decoder has a numpy path with identical output, so a machine without a C
compiler still installs; `make setup` installs the compiler where it can (scripts/install-system-deps.sh).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "kehoach_cli.restore._viterbi",
            ["src/kehoach_cli/restore/_viterbi.c"],
            extra_compile_args=["-O2", "-ffp-contract=off", "-std=c99"],
            optional=True,
        )
    ]
)
