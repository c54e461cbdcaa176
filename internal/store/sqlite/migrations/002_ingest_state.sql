-- Named values a program keeps between runs, such as the online clusterer's
-- state, which lets an ingest add its articles to the clusters the last one
-- left instead of clustering every stored article again.
CREATE TABLE state (
    key        TEXT PRIMARY KEY,
    value      BLOB NOT NULL,
    updated_at TEXT NOT NULL
);

-- Articles clustering has not placed yet (stored, no story), in the order
-- they were stored, for the ingest that places them.
CREATE INDEX articles_unclustered ON articles (seq) WHERE story_id = '';

-- An event's articles, to tell whether an event any article still belongs to
-- when an ingest moves articles between clusters.
CREATE INDEX articles_event ON articles (event_id);
