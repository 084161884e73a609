"""What verify knows, read from `verify/data/`: units and their names (`units`), the
words of numbers, hedges and changes (`lexicon`), the glossary of concepts and the
gazetteer of places and organisations (`names`), and traditional Chinese characters'
simplified forms (`hanzi`). The first stage: it imports no other."""

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"  # verify/data: every data file verify reads


def data_text(name: str) -> str:
    """A data file's text (`verify/data/NAME`)."""
    return (DATA / name).read_text(encoding="utf-8")
