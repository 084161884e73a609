"""Judging a claim: its frame aligned field by field with a figure's (`align`), the
verdict from the alignments (`verdicts`), changes and currencies worked out from the
figures (`deriving`), a draft's suppressions (`suppress`), and the tolerances all of
them use (`tolerances`). Imports `verify.reading` and `verify.knowledge`."""
