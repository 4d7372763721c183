-- The station's job table: every job submitted, queued or not, in submission order.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    recipe_name  TEXT    NOT NULL,
    recipe_file  TEXT    NOT NULL,
    device       TEXT    NOT NULL,
    channels     TEXT    NOT NULL,  -- ascending, comma-separated
    barcodes     TEXT    NOT NULL,  -- JSON object: channel -> barcode
    lot          TEXT    NOT NULL,
    operator     TEXT    NOT NULL,
    submitted_by TEXT    NOT NULL,
    submitted_at TEXT    NOT NULL,
    state        TEXT    NOT NULL,
    run_dir      TEXT    NOT NULL,
    message      TEXT    NOT NULL
);
