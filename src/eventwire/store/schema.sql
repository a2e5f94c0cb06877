-- The eventwire store (DuckDB). open_store() runs this file on every open; each
-- statement is idempotent. docs/store.md describes every table and column.

CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

-- One row per coded article. article_key = content hash of the article id and its
-- normalised text; an article whose key is here is never coded again.
CREATE TABLE IF NOT EXISTS articles (
    article_key VARCHAR PRIMARY KEY,
    seq BIGINT NOT NULL,                -- 0, 1, 2 ... in the order articles were stored
    id VARCHAR NOT NULL,                -- the input's id; events.doc_id
    title VARCHAR,
    url VARCHAR,
    source VARCHAR,
    published VARCHAR,
    date DATE,
    outlet VARCHAR NOT NULL,            -- source, else the URL's host, else empty
    text VARCHAR NOT NULL,              -- as stored: event offsets index into it
    sentences INTEGER NOT NULL,
    events INTEGER NOT NULL,
    cluster VARCHAR NOT NULL,           -- article_key of its near-duplicate cluster's first article
    minhash BLOB NOT NULL,              -- MinHash signature (uint32 values)
    ingested_at TIMESTAMP NOT NULL
);

-- LSH bands of each article's MinHash: articles sharing a (band, hash) are candidates.
CREATE TABLE IF NOT EXISTS article_bands (
    band SMALLINT NOT NULL,
    hash BIGINT NOT NULL,
    article_key VARCHAR NOT NULL
);

-- A newer article that is a near-duplicate of an older one (estimated Jaccard similarity
-- of word 3-gram shingles at or above the threshold). Linked, never deleted.
CREATE TABLE IF NOT EXISTS near_duplicates (
    article_key VARCHAR NOT NULL,
    duplicate_of VARCHAR NOT NULL,
    similarity DOUBLE NOT NULL,
    PRIMARY KEY (article_key, duplicate_of)
);

-- Evidence sentences (only with --store-sentences).
CREATE TABLE IF NOT EXISTS sentences (
    article_key VARCHAR NOT NULL,
    sentence INTEGER NOT NULL,
    start_char INTEGER,
    end_char INTEGER,
    text VARCHAR,
    PRIMARY KEY (article_key, sentence)
);

-- One row per event record, as the coder wrote it; record holds the full JSON.
CREATE TABLE IF NOT EXISTS events (
    article_key VARCHAR NOT NULL,
    id VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,
    sentence INTEGER,
    mentions INTEGER,
    date DATE,
    date_text VARCHAR,
    date_precision VARCHAR,
    source_code VARCHAR, source_country VARCHAR, source_sector VARCHAR, source_name VARCHAR,
    source_text VARCHAR, source_wikidata VARCHAR,
    target_code VARCHAR, target_country VARCHAR, target_sector VARCHAR, target_name VARCHAR,
    target_text VARCHAR, target_wikidata VARCHAR,
    event_type VARCHAR,
    mode VARCHAR,
    contexts VARCHAR,
    cameo VARCHAR,
    cameo_root VARCHAR,
    goldstein DOUBLE,
    quad_class TINYINT,
    penta_class TINYINT,
    trigger_text VARCHAR, trigger_start INTEGER, trigger_end INTEGER,
    evidence_start INTEGER, evidence_end INTEGER,
    text VARCHAR,
    attribution_status VARCHAR, attribution_sources VARCHAR, attribution_cue VARCHAR,
    modality VARCHAR,
    happened BOOLEAN NOT NULL,          -- attributes.counts_as_happened(record)
    quote VARCHAR,
    location_name VARCHAR, location_country VARCHAR, location_lat DOUBLE, location_lon DOUBLE,
    location_geonameid BIGINT,
    confidence DOUBLE,
    rule VARCHAR,
    canonical_id VARCHAR NOT NULL,      -- canonical_events.id
    record VARCHAR NOT NULL,            -- the event record as JSON
    PRIMARY KEY (article_key, id)
);
CREATE INDEX IF NOT EXISTS events_source_country ON events (source_country);
CREATE INDEX IF NOT EXISTS events_target_country ON events (target_country);
CREATE INDEX IF NOT EXISTS events_source_code ON events (source_code);
CREATE INDEX IF NOT EXISTS events_target_code ON events (target_code);
CREATE INDEX IF NOT EXISTS events_event_type ON events (event_type);
CREATE INDEX IF NOT EXISTS events_canonical ON events (canonical_id);

-- One row per attribution relation of an article: a source says or thinks the content, by the
-- words of the cue (records.Attribution). Offsets index articles.text; source and cue may be
-- absent ("reportedly"). Stores written before this table get it empty when opened for writing
-- (their articles keep no relations); opened read-only, they read an empty one.
CREATE TABLE IF NOT EXISTS attributions (
    article_key VARCHAR NOT NULL,
    id VARCHAR NOT NULL,                -- records.Attribution.id: stable hash of the doc id and content offsets
    doc_id VARCHAR NOT NULL,
    sentence INTEGER,                   -- the sentence the content starts in
    source_text VARCHAR, source_start INTEGER, source_end INTEGER,
    source_code VARCHAR, source_country VARCHAR, source_sector VARCHAR, source_name VARCHAR,
    source_wikidata VARCHAR,            -- the source resolved to an actor, when the KB knows it
    cue_text VARCHAR, cue_start INTEGER, cue_end INTEGER,
    content_text VARCHAR NOT NULL, content_start INTEGER NOT NULL, content_end INTEGER NOT NULL,
    quote BOOLEAN NOT NULL,             -- the content is a direct quotation
    events VARCHAR[] NOT NULL,          -- ids (events.id) of the article's events whose trigger lies in the content
    record VARCHAR NOT NULL             -- the relation's JSON (records.Attribution.to_dict)
);
CREATE INDEX IF NOT EXISTS attributions_source_country ON attributions (source_country);
CREATE INDEX IF NOT EXISTS attributions_article ON attributions (article_key);

-- The source and target actors of every event (role = 'source' or 'target').
CREATE TABLE IF NOT EXISTS actors (
    article_key VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    text VARCHAR,
    code VARCHAR,
    country VARCHAR,
    sector VARCHAR,
    name VARCHAR,
    start_char INTEGER,
    end_char INTEGER,
    wikidata VARCHAR,
    reason VARCHAR,
    PRIMARY KEY (article_key, event_id, role)
);
CREATE INDEX IF NOT EXISTS actors_code ON actors (code);

-- One real-world event however many articles report it (see docs/store.md for the key).
-- Recomputed from its reports whenever one is added; the first report gives its fields.
CREATE TABLE IF NOT EXISTS canonical_events (
    id VARCHAR PRIMARY KEY,
    date DATE,
    source_code VARCHAR, source_country VARCHAR, source_name VARCHAR, source_sector VARCHAR,
    target_code VARCHAR, target_country VARCHAR, target_name VARCHAR, target_sector VARCHAR,
    event_type VARCHAR,
    mode VARCHAR,
    cameo VARCHAR,
    cameo_root VARCHAR,
    goldstein DOUBLE,
    quad_class TINYINT,
    happened BOOLEAN NOT NULL,
    sentence INTEGER,                   -- of the first report
    location_name VARCHAR, location_country VARCHAR, location_lat DOUBLE, location_lon DOUBLE,
    location_geonameid BIGINT,
    num_mentions INTEGER NOT NULL,      -- sum of the reports' mentions
    num_sources INTEGER NOT NULL,       -- distinct outlets
    num_articles INTEGER NOT NULL,      -- distinct articles
    first_article_key VARCHAR NOT NULL,
    first_event_id VARCHAR NOT NULL,
    source_url VARCHAR,                 -- the first report's article URL
    first_ingested_at TIMESTAMP,
    date_text VARCHAR                   -- the first report's date as coded: 2025-11-28, 2025-11 (month) or 2025
);
ALTER TABLE canonical_events ADD COLUMN IF NOT EXISTS date_text VARCHAR;  -- stores made before it
CREATE INDEX IF NOT EXISTS canonical_source_country ON canonical_events (source_country);
CREATE INDEX IF NOT EXISTS canonical_target_country ON canonical_events (target_country);

-- Inputs that could not be read or coded; one row per (file, line, reason).
CREATE TABLE IF NOT EXISTS errors (
    file VARCHAR NOT NULL,
    line BIGINT,
    reason VARCHAR NOT NULL,
    time TIMESTAMP NOT NULL
);
