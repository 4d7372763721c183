-- Grades database, version 1. Plain SQL that SQLite (3.24+) and PostgreSQL (10+) both accept.
-- Times are UTC instants as fixed-width text (2026-11-26T03:08:45.123Z), so they sort as text.
-- Figures are in SI units (Ah, Wh, ohm, V, V/s, ratios), NULL when unknown.

-- One row per `cycler grade`.
CREATE TABLE gradings (
    grading_id VARCHAR(36) PRIMARY KEY,
    run_id VARCHAR(200) NOT NULL,
    lot VARCHAR(200) NOT NULL,
    spec_name VARCHAR(200) NOT NULL,
    graded_at VARCHAR(24) NOT NULL,
    cells INTEGER NOT NULL
);

-- Every graded cell of every grading: the history. superseded = 1 once a later grading of the
-- same run or of the same barcode replaced it; each barcode has exactly one row with 0.
CREATE TABLE grades (
    grading_id VARCHAR(36) NOT NULL REFERENCES gradings (grading_id),
    channel INTEGER NOT NULL,
    barcode VARCHAR(200) NOT NULL,
    run_id VARCHAR(200) NOT NULL,
    lot VARCHAR(200) NOT NULL,
    spec_name VARCHAR(200) NOT NULL,
    graded_at VARCHAR(24) NOT NULL,
    capacity_ah DOUBLE PRECISION,
    energy_wh DOUBLE PRECISION,
    dcir_ohm DOUBLE PRECISION,
    ocv_v DOUBLE PRECISION,
    k_v_per_s DOUBLE PRECISION,
    first_cycle_ce DOUBLE PRECISION,
    last_cycle_ce DOUBLE PRECISION,
    bin VARCHAR(64) NOT NULL,
    reason VARCHAR(2000) NOT NULL,
    superseded SMALLINT NOT NULL,
    PRIMARY KEY (grading_id, channel)
);
CREATE INDEX grades_barcode ON grades (barcode, superseded);
CREATE INDEX grades_run ON grades (run_id, superseded);

-- One row per claim a pack line made; released_at is set when it gave the cells back.
CREATE TABLE claims (
    claim_id VARCHAR(36) PRIMARY KEY,
    claimant VARCHAR(200) NOT NULL,
    bin VARCHAR(64) NOT NULL,
    cells INTEGER NOT NULL,
    claimed_at VARCHAR(24) NOT NULL,
    released_at VARCHAR(24)
);

-- One row per physical cell: its current bin and lot (copied from its current grade) and who
-- holds it. Claims update these rows only WHERE claim_id IS NULL, so a cell has one holder.
CREATE TABLE cells (
    barcode VARCHAR(200) PRIMARY KEY,
    bin VARCHAR(64) NOT NULL,
    lot VARCHAR(200) NOT NULL,
    claim_id VARCHAR(36) REFERENCES claims (claim_id),
    claimed_by VARCHAR(200),
    claimed_at VARCHAR(24)
);
CREATE INDEX cells_bin ON cells (bin, claim_id);
