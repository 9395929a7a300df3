"""Coverage-guided fuzzing of the whole read path with atheris (not run in CI).

For any bytes: decode as a file would be, parse, build the model, and if it
loads, check it and round-trip it through dump. The only exception allowed is
cfgov.LoadError; anything else, or a model that does not survive its own dump,
is a crash. See fuzz/README.md for the command.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["cfgov", "yaml"]):
    import cfgov
    from cfgov.io.loader import decode


def test_one_input(data: bytes) -> None:
    text = decode("fuzz.yaml", data)
    if not isinstance(text, str):
        return  # an encoding problem, reported as such
    try:
        model, sources = cfgov.loads_with_sources(text, name="fuzz.yaml")
    except cfgov.LoadError as error:
        for problem in error.problems:
            if problem.location is None or not problem.location.file:
                raise AssertionError(f"problem without a location: {problem}") from None
        return
    cfgov.check(model, sources)
    again = cfgov.loads(cfgov.dump(model))
    if again != model:
        raise AssertionError("the model changed on its way through dump and load")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
