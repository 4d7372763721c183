package org.cycler.grades.db;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import org.cycler.core.grading.Figure;
import org.cycler.core.grading.GradeOutput;
import org.cycler.core.grading.GradedCell;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A cell as JSON, the same for the HTTP API and {@code cycler cells --format json}, mapped from this
 * record by the program's mapper: figures in the units their keys name ({@link GradeOutput#jsonKey}),
 * rounded to the places of grades.csv, null when unknown; claim fields null while free; {@code status}
 * only on a current grade, {@code history} only where asked for. Immutable.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CellView(String barcode, int channel, String run, String lot, String spec, String gradedAt, String bin,
                       String reason, BigDecimal capacityAh, BigDecimal energyWh, BigDecimal dcirMohm, BigDecimal ocvV,
                       BigDecimal kMvPerDay, BigDecimal firstCycleCe, BigDecimal lastCycleCe, boolean current,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String status, String claimId, String claimedBy,
                       String claimedAt, @JsonInclude(JsonInclude.Include.NON_NULL) List<CellView> history) {

    /** The view of {@code cell}, without history. */
    public static CellView of(StoredCell cell) {
        GradedCell g = cell.grade();
        return new CellView(cell.barcode(), g.channel(), cell.runId(), cell.lot(), cell.specName(), cell.gradedAt(),
                cell.bin(), g.reason(), figure(g, Figure.CAPACITY), figure(g, Figure.ENERGY), figure(g, Figure.DCIR),
                figure(g, Figure.OCV), figure(g, Figure.K), figure(g, Figure.FIRST_CYCLE_CE),
                figure(g, Figure.LAST_CYCLE_CE), cell.current(), cell.current() ? cell.status().text() : null,
                cell.claim().map(StoredCell.Holder::claimId).orElse(null),
                cell.claim().map(StoredCell.Holder::claimedBy).orElse(null),
                cell.claim().map(StoredCell.Holder::claimedAt).orElse(null), null);
    }

    public static List<CellView> of(List<StoredCell> cells) {
        return cells.stream().map(CellView::of).toList();
    }

    /** This view with {@code history} (oldest first). */
    public CellView withHistory(List<StoredCell> grades) {
        return new CellView(barcode, channel, run, lot, spec, gradedAt, bin, reason, capacityAh, energyWh, dcirMohm, ocvV,
                kMvPerDay, firstCycleCe, lastCycleCe, current, status, claimId, claimedBy, claimedAt, of(grades));
    }

    private static BigDecimal figure(GradedCell g, Figure f) {
        return g.has(f) ? BigDecimal.valueOf(f.toColumn(g.value(f))).setScale(f.places(), RoundingMode.HALF_EVEN)
                .stripTrailingZeros() : null;
    }
}
