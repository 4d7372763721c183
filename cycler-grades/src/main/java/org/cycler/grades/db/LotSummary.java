package org.cycler.grades.db;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A lot as the grades database knows it now: its runs and its current cells per bin. Immutable.
 *
 * @param cellsByBin current cells per bin, REJECT included, bins in name order
 * @param available  cells a pack line could claim now (free, not REJECT)
 */
public record LotSummary(String lot, List<String> runIds, int cells, Map<String, Integer> cellsByBin, int available,
                         int claimed) {

    public LotSummary {
        Objects.requireNonNull(lot, "lot");
        runIds = List.copyOf(runIds);
        cellsByBin = Map.copyOf(cellsByBin);
        if (cells < 0 || available < 0 || claimed < 0) {
            throw new IllegalArgumentException("negative count in lot " + lot);
        }
    }
}
