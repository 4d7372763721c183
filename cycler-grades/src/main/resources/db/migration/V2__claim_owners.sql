-- Grades database, version 2: who acted for a claim, and which cells (and pack groups) it took.

-- The name of the token that made the claim: only that token (or an admin) releases it. Claims made
-- before version 2 defaulted their claimant to the token's name, so that is what they get.
ALTER TABLE claims ADD COLUMN acted_by VARCHAR(200);
UPDATE claims SET acted_by = claimant;

-- Every cell a claim took, kept after release so the claim can still be shown; series_group is the
-- 0-based series group of a pack claim (NULL for a claim by count).
CREATE TABLE claim_cells (
    claim_id VARCHAR(36) NOT NULL REFERENCES claims (claim_id),
    barcode VARCHAR(200) NOT NULL,
    series_group INTEGER,
    PRIMARY KEY (claim_id, barcode)
);
INSERT INTO claim_cells (claim_id, barcode) SELECT claim_id, barcode FROM cells WHERE claim_id IS NOT NULL;
