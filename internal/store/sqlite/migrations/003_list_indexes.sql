-- Covering indexes for the two lists every page view runs. A stories row
-- holds its view (megabytes for a big story) before updated_at, and an
-- articles row its analysis record before ingested_at, so reading those
-- rows for a list walks every overflow page of the view or record: the
-- front page read tens of MB, the page of a story of thousands of articles
-- as many times 6 KB. Served from these indexes, a list reads only what it
-- shows.
CREATE INDEX stories_list ON stories (rank DESC, last_pub DESC, id,
    title, summary, articles, sources, first_pub, events, outlets, updated_at);
CREATE INDEX articles_story_refs ON articles (story_id, published, id,
    url, outlet, headline, standfirst, event_id, duplicate_of, ingested_at);
