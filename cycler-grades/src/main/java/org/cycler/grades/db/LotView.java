package org.cycler.grades.db;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** A lot as JSON ({@code GET /api/v1/lots}): its runs, cells per bin (by name), available and claimed. Immutable. */
public record LotView(String lot, List<String> runs, int cells, int available, int claimed, SortedMap<String, Integer> bins) {

    public static LotView of(LotSummary lot) {
        return new LotView(lot.lot(), lot.runIds(), lot.cells(), lot.available(), lot.claimed(),
                new TreeMap<>(lot.cellsByBin()));
    }
}
