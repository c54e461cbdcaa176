-- Polled sources (issue 14): the feeds, sites and news sitemaps Storyline
-- follows, each with its own interval and the state of its last poll, and
-- the items each has seen, so that an item polled again is not fetched
-- again and a changed one (a new version: update time or content hash) is.
--
-- kind is feed, site (a home page whose feed, url, was found by
-- autodiscovery; site keeps the page) or sitemap. interval is in seconds.
-- Times are text in the store's fixed-width format; '' for never.
CREATE TABLE sources (
    id            TEXT PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,
    site          TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    interval      INTEGER NOT NULL,
    paused        INTEGER NOT NULL DEFAULT 0,
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    last_fetch    TEXT NOT NULL DEFAULT '',
    next_fetch    TEXT NOT NULL DEFAULT '',
    last_error    TEXT NOT NULL DEFAULT '',
    failures      INTEGER NOT NULL DEFAULT 0,
    created       TEXT NOT NULL
);
CREATE INDEX sources_next ON sources (paused, next_fetch);

-- version is what the item said when it was last fetched; article_id the
-- article it became ('' when its page and content gave none, with the
-- reason in error); tries counts fetches of this version that failed in a
-- way worth another try (a timeout, a 5xx).
CREATE TABLE seen_items (
    source_id  TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    item_key   TEXT NOT NULL,
    version    TEXT NOT NULL,
    article_id TEXT NOT NULL DEFAULT '',
    error      TEXT NOT NULL DEFAULT '',
    retry      INTEGER NOT NULL DEFAULT 0,
    tries      INTEGER NOT NULL DEFAULT 0,
    fetched    TEXT NOT NULL,
    PRIMARY KEY (source_id, item_key)
);
CREATE INDEX seen_items_article ON seen_items (article_id);
