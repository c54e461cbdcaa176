-- What lets articles arrive one at a time and still make the stories they
-- would make all at once (see internal/pipeline/settle.go).
--
-- own is the article's own analysis (extraction and the per-article
-- stages, before anything learnt from other articles), gzipped JSON; its
-- hash is content_hash, so a re-ingested article that reads the same is
-- unchanged. record is the settled article: its own analysis plus what
-- the articles around it taught it (merged names, a borrowed date, its
-- event and story), and record_hash its hash. settled is 0 while an
-- article waits to be settled; such an article is not yet in the full-text
-- index nor in mentions and quotes.
ALTER TABLE articles ADD COLUMN own BLOB;
ALTER TABLE articles ADD COLUMN settled INTEGER NOT NULL DEFAULT 1;
ALTER TABLE articles ADD COLUMN record_hash TEXT NOT NULL DEFAULT '';

-- The document as it was read (gzipped JSON), so that an article can be
-- read again when later documents show that some of its lines were an
-- aggregator's chrome; and what a corpus needs of a text document to learn
-- chrome from it: the hashes of its lines that are not prose, which
-- repetition can make chrome, and of its prose lines, which tell
-- syndicated copies apart (see internal/extract/chrome).
ALTER TABLE articles ADD COLUMN source BLOB;
CREATE TABLE doc_lines (
    hash INTEGER NOT NULL,
    seq  INTEGER NOT NULL,
    PRIMARY KEY (hash, seq)
) WITHOUT ROWID;
CREATE INDEX doc_lines_seq ON doc_lines (seq);
CREATE TABLE doc_prose (
    seq    INTEGER PRIMARY KEY,
    hashes BLOB NOT NULL
);
CREATE INDEX articles_unsettled ON articles (seq) WHERE settled = 0;

-- Document frequencies of the clustering terms over every stored article.
CREATE TABLE term_df (
    term TEXT PRIMARY KEY,
    df   INTEGER NOT NULL
) WITHOUT ROWID;

-- Each article under its heaviest terms, with its weight there, to find the
-- stored articles a new one resembles.
CREATE TABLE term_postings (
    term   TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    weight REAL NOT NULL,
    PRIMARY KEY (term, seq)
) WITHOUT ROWID;
CREATE INDEX term_postings_seq ON term_postings (seq);

-- MinHash band keys of each article's body, to find its copies.
CREATE TABLE copy_bands (
    band INTEGER NOT NULL,
    seq  INTEGER NOT NULL,
    PRIMARY KEY (band, seq)
) WITHOUT ROWID;
CREATE INDEX copy_bands_seq ON copy_bands (seq);

-- Every event and story ID ever given, in the order given (created), so
-- the older of two merging clusters keeps its ID; moved_to names where a
-- merged cluster went, so its old address still answers.
CREATE TABLE cluster_ids (
    id       TEXT PRIMARY KEY,
    kind     TEXT NOT NULL,
    created  INTEGER NOT NULL,
    moved_to TEXT NOT NULL DEFAULT '',
    moved_at TEXT NOT NULL DEFAULT ''
);
INSERT INTO cluster_ids (id, kind, created)
    SELECT id, 'story', row_number() OVER (ORDER BY first_pub, id) FROM stories;
INSERT INTO cluster_ids (id, kind, created)
    SELECT id, 'event', (SELECT count(*) FROM stories) + row_number() OVER (ORDER BY first_pub, id) FROM events;

-- What settling changed in an article already stored: a date another
-- article taught it, a move to another event or story.
CREATE TABLE article_changes (
    article_id TEXT NOT NULL,
    at         TEXT NOT NULL,
    field      TEXT NOT NULL,
    old        TEXT NOT NULL,
    new        TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX article_changes_article ON article_changes (article_id, at);

-- Articles stored by a version that kept no own analyses, which the next
-- ingest adopts (see Unadopted); new rows always have one.
CREATE INDEX articles_unadopted ON articles (seq) WHERE own IS NULL;

-- A story's rank is kept as a key that newer articles leave in order
-- (store.RankKey: log2 of its sources plus its last day over three), so no
-- arrival rewrites every story; the rank shown is computed when read.
UPDATE stories SET rank = log2(max(sources, 1)) + (CASE WHEN last_pub != ''
    THEN julianday(substr(last_pub, 1, 10))
    ELSE coalesce((SELECT julianday(substr(published, 1, 10)) FROM articles WHERE published != ''
                   ORDER BY published DESC LIMIT 1), 2440587.5) - 30 END - 2440587.5) / 3;
