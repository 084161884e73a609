"""The `verify` command's entry point (pyproject.toml [project.scripts], python -m verify).

A command reads a few drafts, prints a report and exits within a fraction of a second.
What it allocates is records (tuples) and dictionaries, which reference counting frees
as it goes: Python's cycle collector, which also walks every object the imports made,
only costs such a run time (~6 ms of a 150 ms check). So a command runs without it,
from before the first import; `verify serve`, which lives long, turns it back on.

The command's modules and the libraries they load (typer, json, textwrap, platform, ...)
compile ~35 regular expressions as they load (~3.5 ms): they are loaded with those
patterns' programs from verify's cache (`verify.cache.imported`).
"""


def main() -> None:
    import gc

    gc.disable()
    from ..cache import imported

    imported("verify.adapters.cli").run()
