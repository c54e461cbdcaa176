-- The fingerprint of every text document read (see chrome.Fingerprint: its
-- distinct normalised lines), whether or not it became an article, so that
-- a short text found whole under many addresses (a scraper's crawl notice)
-- is known as such however the documents arrive: a batch counts the copies
-- earlier ones held, including those rejected as notices. One row per
-- document; a document read again with other text replaces its row.
CREATE TABLE doc_prints (
    hash INTEGER NOT NULL,
    id   TEXT NOT NULL,
    PRIMARY KEY (hash, id)
) WITHOUT ROWID;
CREATE INDEX doc_prints_id ON doc_prints (id);
