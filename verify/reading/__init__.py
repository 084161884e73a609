"""Reading a text: a draft or a source as a document (`document`), its dates (`dates`),
its numbers with their units (`quantities`), its periods (`periods`), each number's
frame (`frames`) and the claims of a draft (`claims`); a source's text as the store
keeps it (`sourcetext`). Imports `verify.knowledge` only."""
