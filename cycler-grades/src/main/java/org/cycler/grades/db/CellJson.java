package org.cycler.grades.db;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.TreeMap;

import org.cycler.core.grading.Figure;
import org.cycler.core.grading.GradeOutput;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Cells, lots and claims as JSON, the same for the HTTP API and {@code cycler cells --format json}.
 * A cell: {@code {"barcode", "channel", "run", "lot", "spec", "graded_at", "bin", "reason",
 * "capacity_ah", ..., "status", "claim_id", "claimed_by", "claimed_at"}}: figures in the units their
 * keys name ({@link GradeOutput#jsonKey}), null when unknown; claim fields null while free. Stateless.
 */
public final class CellJson {

    /** The mapper every JSON of the grades database goes through. Thread-safe. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private CellJson() {
    }

    public static ObjectNode cell(StoredCell cell) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("barcode", cell.barcode());
        o.put("channel", cell.grade().channel());
        o.put("run", cell.runId());
        o.put("lot", cell.lot());
        o.put("spec", cell.specName());
        o.put("graded_at", cell.gradedAt());
        o.put("bin", cell.bin());
        o.put("reason", cell.grade().reason());
        for (Figure f : Figure.values()) {
            if (cell.grade().has(f)) {
                o.put(GradeOutput.jsonKey(f), BigDecimal.valueOf(f.toColumn(cell.grade().value(f)))
                        .setScale(f.places(), RoundingMode.HALF_EVEN).stripTrailingZeros());
            } else {
                o.putNull(GradeOutput.jsonKey(f));
            }
        }
        o.put("current", cell.current());
        if (cell.current()) {
            o.put("status", cell.status().text());
        }
        o.put("claim_id", cell.claim().map(StoredCell.Holder::claimId).orElse(null));
        o.put("claimed_by", cell.claim().map(StoredCell.Holder::claimedBy).orElse(null));
        o.put("claimed_at", cell.claim().map(StoredCell.Holder::claimedAt).orElse(null));
        return o;
    }

    public static ArrayNode cells(List<StoredCell> cells) {
        ArrayNode a = MAPPER.createArrayNode();
        cells.forEach(c -> a.add(cell(c)));
        return a;
    }

    public static ArrayNode lots(List<LotSummary> lots) {
        ArrayNode a = MAPPER.createArrayNode();
        for (LotSummary lot : lots) {
            ObjectNode o = a.addObject();
            o.put("lot", lot.lot());
            ArrayNode runs = o.putArray("runs");
            lot.runIds().forEach(runs::add);
            o.put("cells", lot.cells());
            o.put("available", lot.available());
            o.put("claimed", lot.claimed());
            ObjectNode bins = o.putObject("bins");
            new TreeMap<>(lot.cellsByBin()).forEach(bins::put);
        }
        return a;
    }

    public static ObjectNode claim(Claim claim) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("claim_id", claim.claimId());
        o.put("claimant", claim.claimant());
        o.put("bin", claim.bin());
        o.put("claimed_at", claim.claimedAt());
        o.put("count", claim.cells().size());
        o.set("cells", cells(claim.cells()));
        return o;
    }
}
