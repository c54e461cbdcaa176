-- Articles with their full analysis record (JSON), the facts lists and
-- filters need as columns, and the hash of the record that decides whether a
-- re-ingested article changed. seq is the row the full-text index points at.
CREATE TABLE articles (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    url          TEXT NOT NULL DEFAULT '',
    outlet       TEXT NOT NULL DEFAULT '',
    headline     TEXT NOT NULL DEFAULT '',
    standfirst   TEXT NOT NULL DEFAULT '',
    published    TEXT NOT NULL DEFAULT '',
    story_id     TEXT NOT NULL DEFAULT '',
    event_id     TEXT NOT NULL DEFAULT '',
    duplicate_of TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL,
    record       TEXT NOT NULL,
    ingested_at  TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX articles_story ON articles (story_id, published);
CREATE INDEX articles_outlet ON articles (outlet, published);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_ingested ON articles (ingested_at);

-- Entities across all articles, keyed by a name-derived ID.
CREATE TABLE entities (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    type    TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]'
);

-- Which articles name which entities, and how often.
CREATE TABLE mentions (
    entity_id  TEXT NOT NULL,
    article_id TEXT NOT NULL,
    count      INTEGER NOT NULL,
    PRIMARY KEY (entity_id, article_id)
);
CREATE INDEX mentions_article ON mentions (article_id);

-- Quotes with their speaker's entity, for "everything X said".
CREATE TABLE quotes (
    article_id TEXT NOT NULL,
    n          INTEGER NOT NULL,
    speaker_id TEXT NOT NULL,
    record     TEXT NOT NULL,
    PRIMARY KEY (article_id, n)
);
CREATE INDEX quotes_speaker ON quotes (speaker_id);

-- Stories and events as clustering and the summary step left them.
CREATE TABLE stories (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    summary    TEXT NOT NULL DEFAULT '',
    articles   INTEGER NOT NULL,
    sources    INTEGER NOT NULL,
    first_pub  TEXT NOT NULL DEFAULT '',
    last_pub   TEXT NOT NULL DEFAULT '',
    rank       REAL NOT NULL DEFAULT 0,
    events     TEXT NOT NULL DEFAULT '[]',
    outlets    TEXT NOT NULL DEFAULT '[]',
    view       TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL
);
CREATE INDEX stories_rank ON stories (rank DESC);

CREATE TABLE events (
    id        TEXT PRIMARY KEY,
    story_id  TEXT NOT NULL,
    title     TEXT NOT NULL,
    articles  INTEGER NOT NULL,
    sources   INTEGER NOT NULL,
    first_pub TEXT NOT NULL DEFAULT '',
    last_pub  TEXT NOT NULL DEFAULT '',
    view      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_story ON events (story_id, first_pub);

-- Full-text index over what a reader searches; rowid = articles.seq.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    headline, standfirst, body, outlet,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Saved searches and followed entities; matches ingested after seen_at are new.
CREATE TABLE follows (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    target     TEXT NOT NULL,
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    seen_at    TEXT NOT NULL,
    UNIQUE (kind, target)
);
