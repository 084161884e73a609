"""The store of sourced figures: the SQLite database and its search (`db`), sources read
into it (`ingest`), editors' corrections of figures (`review`) and the default store
built from `seeds/` (`seeds`). Imports the stages below it: a correction is checked
with the judging stage's rule of which quantities compare."""

from .db import Store

__all__ = ["Store"]
