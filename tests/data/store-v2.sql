-- A store as verify wrote it with schema version 2 (before editors' reviews and
-- document versions), for the migration test. One source, one of its figures.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,              -- file it was ingested from
    title TEXT NOT NULL,
    publisher TEXT,
    published TEXT,                  -- YYYY-MM-DD
    author TEXT,
    url TEXT,
    content_hash TEXT NOT NULL UNIQUE, -- sha256 of the text
    text TEXT NOT NULL
);
CREATE TABLE figures (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,          -- character offsets of `text` in the source
    end INTEGER NOT NULL,
    line INTEGER NOT NULL,
    col INTEGER NOT NULL,
    text TEXT NOT NULL,              -- as written: "569 billion yuan"
    value REAL NOT NULL,             -- fully scaled: 5.69e11
    unit TEXT,                       -- pint expression, currencies as ISO codes
    dimension TEXT NOT NULL,         -- for retrieval: "[currency_CNY]", "count", ...
    kind TEXT NOT NULL,              -- amount | ordinal | multiplier | fraction
    noun TEXT,                       -- counted noun: "projects"
    hedge TEXT,                      -- more_than, about, ... (data/language.toml)
    hedge_text TEXT,
    step REAL NOT NULL,              -- precision of the written value
    lang TEXT NOT NULL,
    subject TEXT NOT NULL,           -- words saying what the figure is about
    entities TEXT NOT NULL,          -- JSON list of names near it
    qualifiers TEXT NOT NULL,        -- JSON list of metric modifiers: per capita, average
    position INTEGER NOT NULL,       -- place among the same-unit numbers of its sentence
    period_start INTEGER,
    period_end INTEGER,
    period_text TEXT,
    quote TEXT NOT NULL,             -- the sentence it stands in
    status TEXT NOT NULL DEFAULT 'active'
);
CREATE INDEX figures_source ON figures(source_id);
CREATE INDEX figures_dimension ON figures(dimension);
CREATE VIRTUAL TABLE figures_fts USING fts5(subject, content='figures', content_rowid='id');
CREATE VIRTUAL TABLE figures_terms USING fts5vocab(figures_fts, 'row');;
INSERT INTO meta VALUES ('schema_version', '2');
INSERT INTO sources (id, path, title, publisher, published, author, url, content_hash, text) VALUES (1, 'riverton.txt', 'Riverton Water Company - Annual Performance Report 2023', 'Riverton Water', '2024-01-31', NULL, NULL, 'b1a1af9c89f33abf4290d25dc0a02e791cfb83d83e1ffa8b14dad22457e67a9a', 'Riverton Water Company - Annual Performance Report 2023
Issued 2024-01-31

In 2023 Riverton Water delivered 48.2 million cubic metres of drinking water to 412,000 residents.
');
INSERT INTO figures (source_id, start, end, line, col, text, value, unit, dimension, kind, noun, hedge, hedge_text, step, lang, subject, entities, qualifiers, position, period_start, period_end, period_text, quote) VALUES (1, 108, 133, 4, 34, '48.2 million cubic metres', 48200000.0, 'meter**3', '[length]**3', 'amount', NULL, NULL, NULL, 100000.0, 'en', 'water deliver', '["Riverton Water"]', '[]', 0, 2023, 2023, 'In 2023', 'In 2023 Riverton Water delivered 48.2 million cubic metres of drinking water to 412,000 residents.');
INSERT INTO figures_fts (rowid, subject) SELECT id, subject FROM figures;
