-- The station's alarms (docs/station.md): listed until someone acknowledges them, who and when kept.
CREATE TABLE alarms (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    kind      TEXT    NOT NULL,
    device    TEXT    NOT NULL,
    job_id    INTEGER NOT NULL,
    channel   INTEGER NOT NULL,
    barcode   TEXT    NOT NULL,
    message   TEXT    NOT NULL,
    raised_at TEXT    NOT NULL,
    acked_by  TEXT,
    acked_at  TEXT
);
