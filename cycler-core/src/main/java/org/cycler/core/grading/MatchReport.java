package org.cycler.core.grading;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.cycler.core.BadInputException;
import org.cycler.core.store.CsvText;
import org.cycler.core.store.Decimals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * {@code cycler match}: which graded cells go into packs, the matched plan, the naive baseline's
 * figures beside it, and every other cell with the reason it is not in a pack, so that the output
 * names each graded cell exactly once. Written as a table, CSV or JSON. Immutable.
 *
 * @param plan      the matched packs and the pool's left-over cells
 * @param baseline  sorted chunking of the same pool, for comparison
 * @param unmatched cells outside the pool, with why
 */
public record MatchReport(PackMatcher.Plan plan, PackMatcher.Plan baseline, List<Unmatched> unmatched) {

    /** CSV columns, one row per cell. */
    public static final List<String> CSV_COLUMNS = List.of("Pack", "Series", "Parallel", "Barcode", "Channel", "Bin",
            "Capacity / Ah", "DCIR / mOhm", "OCV / V", "Group Capacity / Ah", "Group DCIR Spread / mOhm",
            "Group OCV Spread / mV", "Pack Series Spread / Ah", "Note");

    /** The note of a pool cell beyond the last whole pack. */
    public static final String LEFT_OVER = "left over";

    private static final JsonFactory JSON = new JsonFactory();

    public MatchReport {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(baseline, "baseline");
        unmatched = List.copyOf(unmatched);
    }

    /** A graded cell kept out of the pool. */
    public record Unmatched(GradedCell cell, String why) {
    }

    /**
     * Matches the cells of {@code bin} (every bin but REJECT when empty) that have capacity, DCIR
     * and OCV into {@code series} x {@code parallel} packs.
     *
     * @throws BadInputException when the pool cannot fill one pack
     */
    public static MatchReport of(List<GradedCell> cells, Optional<String> bin, int series, int parallel, long seed)
            throws BadInputException {
        if (series < 1 || parallel < 1) {
            throw new BadInputException("--series and --parallel must be 1 or more, got " + series + "S" + parallel + "P");
        }
        List<PackMatcher.Cell> pool = new ArrayList<>();
        List<Unmatched> out = new ArrayList<>();
        for (GradedCell c : cells) {
            if (bin.isPresent() ? !c.bin().equalsIgnoreCase(bin.get()) : c.rejected()) {
                out.add(new Unmatched(c, c.rejected() ? "REJECT: " + c.reason() : "bin " + c.bin() + " not matched"));
            } else if (!c.has(Figure.CAPACITY) || !c.has(Figure.DCIR) || !c.has(Figure.OCV)) {
                Figure lacking = !c.has(Figure.CAPACITY) ? Figure.CAPACITY : !c.has(Figure.DCIR) ? Figure.DCIR : Figure.OCV;
                out.add(new Unmatched(c, "no " + lacking.key()));
            } else {
                pool.add(PackMatcher.Cell.of(c));
            }
        }
        int perPack = series * parallel;
        if (pool.size() < perPack) {
            throw new BadInputException(String.format(Locale.ROOT, "a %dS%dP pack needs %d cells; %s has %d with "
                    + "capacity, DCIR and OCV", series, parallel, perPack,
                    bin.map(b -> "bin " + b).orElse("the graded lot (REJECT left out)"), pool.size()));
        }
        return new MatchReport(PackMatcher.match(pool, series, parallel, seed),
                PackMatcher.sortedChunks(pool, series, parallel), out);
    }

    /** One row per cell: packed cells pack by pack, then the left over, then the unmatched. */
    public void csv(Writer out) throws IOException {
        CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(CSV_COLUMNS.toArray(String[]::new)).get());
        int k = 0;
        for (PackMatcher.Pack pack : plan.packs()) {
            k++;
            int s = 0;
            for (PackMatcher.Group g : pack.series()) {
                s++;
                int q = 0;
                for (PackMatcher.Cell c : g.cells()) {
                    q++;
                    p.printRecord(Integer.toString(k), Integer.toString(s), Integer.toString(q),
                            CsvText.neutralise(c.barcode()), Integer.toString(c.channel()), CsvText.neutralise(c.bin()),
                            Decimals.format(c.capacityAh(), 6), Decimals.format(c.dcirOhm() * 1e3, 4),
                            Decimals.format(c.ocvV(), 6), Decimals.format(g.capacityAh(), 6),
                            Decimals.format(g.dcirSpreadOhm() * 1e3, 4), Decimals.format(g.ocvSpreadV() * 1e3, 3),
                            Decimals.format(pack.seriesSpreadAh(), 6), "");
                }
            }
        }
        for (PackMatcher.Cell c : plan.leftOver()) {
            p.printRecord("", "", "", CsvText.neutralise(c.barcode()), Integer.toString(c.channel()),
                    CsvText.neutralise(c.bin()), Decimals.format(c.capacityAh(), 6), Decimals.format(c.dcirOhm() * 1e3, 4),
                    Decimals.format(c.ocvV(), 6), "", "", "", "", LEFT_OVER);
        }
        for (Unmatched u : unmatched) {
            GradedCell c = u.cell();
            p.printRecord("", "", "", CsvText.neutralise(c.barcode()), Integer.toString(c.channel()),
                    CsvText.neutralise(c.bin()), shown(c, Figure.CAPACITY, 6), shown(c, Figure.DCIR, 4),
                    shown(c, Figure.OCV, 6), "", "", "", "", CsvText.neutralise(u.why()));
        }
        p.flush();
    }

    private static String shown(GradedCell c, Figure f, int places) {
        return c.has(f) ? Decimals.format(f.toColumn(c.value(f)), places) : "";
    }

    /**
     * {@code {"series": S, "parallel": P, "packs": [...], "left_over": [...], "unmatched": [...],
     * "worst": {...}, "mean": {...}, "baseline": {"worst": {...}, "mean": {...}}}}; capacities in Ah,
     * DCIR in mOhm, OCV in V, OCV spreads in mV.
     */
    public void json(Writer out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("series", plan.series());
            g.writeNumberField("parallel", plan.parallel());
            g.writeArrayFieldStart("packs");
            int k = 0;
            for (PackMatcher.Pack pack : plan.packs()) {
                g.writeStartObject();
                g.writeNumberField("pack", ++k);
                g.writeNumberField("capacity_ah", GradeOutput.round(pack.capacityAh(), 6));
                g.writeNumberField("series_spread_ah", GradeOutput.round(pack.seriesSpreadAh(), 6));
                g.writeArrayFieldStart("groups");
                int s = 0;
                for (PackMatcher.Group group : pack.series()) {
                    g.writeStartObject();
                    g.writeNumberField("series", ++s);
                    g.writeNumberField("capacity_ah", GradeOutput.round(group.capacityAh(), 6));
                    g.writeNumberField("dcir_spread_mohm", GradeOutput.round(group.dcirSpreadOhm() * 1e3, 4));
                    g.writeNumberField("ocv_spread_mv", GradeOutput.round(group.ocvSpreadV() * 1e3, 3));
                    g.writeArrayFieldStart("cells");
                    for (PackMatcher.Cell c : group.cells()) {
                        cell(g, c);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("left_over");
            for (PackMatcher.Cell c : plan.leftOver()) {
                cell(g, c);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("unmatched");
            for (Unmatched u : unmatched) {
                g.writeStartObject();
                g.writeStringField("barcode", u.cell().barcode());
                g.writeNumberField("channel", u.cell().channel());
                g.writeStringField("bin", u.cell().bin());
                g.writeStringField("why", u.why());
                g.writeEndObject();
            }
            g.writeEndArray();
            spread(g, "worst", plan.worst());
            spread(g, "mean", plan.mean());
            g.writeObjectFieldStart("baseline");
            g.writeStringField("method", "sorted by capacity, cut into consecutive groups and packs");
            spread(g, "worst", baseline.worst());
            spread(g, "mean", baseline.mean());
            g.writeEndObject();
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    private static void cell(JsonGenerator g, PackMatcher.Cell c) throws IOException {
        g.writeStartObject();
        g.writeStringField("barcode", c.barcode());
        g.writeNumberField("channel", c.channel());
        g.writeStringField("bin", c.bin());
        g.writeNumberField("capacity_ah", GradeOutput.round(c.capacityAh(), 6));
        g.writeNumberField("dcir_mohm", GradeOutput.round(c.dcirOhm() * 1e3, 4));
        g.writeNumberField("ocv_v", GradeOutput.round(c.ocvV(), 6));
        g.writeEndObject();
    }

    private static void spread(JsonGenerator g, String name, PackMatcher.Spread s) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("series_spread_ah", GradeOutput.round(s.seriesCapacityAh(), 6));
        g.writeNumberField("dcir_spread_mohm", GradeOutput.round(s.dcirOhm() * 1e3, 4));
        g.writeNumberField("ocv_spread_mv", GradeOutput.round(s.ocvV() * 1e3, 3));
        g.writeEndObject();
    }

    /** For people: each pack and its groups, left-over and unmatched cells, then the lot's worst case. */
    public String table() {
        StringBuilder out = new StringBuilder();
        int perPack = plan.series() * plan.parallel();
        int pooled = plan.packs().size() * perPack + plan.leftOver().size();
        out.append(String.format(Locale.ROOT, "%dS%dP packs from %d cells: %d packs, %d cells left over%n",
                plan.series(), plan.parallel(), pooled, plan.packs().size(), plan.leftOver().size()));
        int k = 0;
        for (PackMatcher.Pack pack : plan.packs()) {
            out.append(String.format(Locale.ROOT, "%npack %d: %.4f Ah (weakest series group), series spread %.4f Ah%n",
                    ++k, pack.capacityAh(), pack.seriesSpreadAh()));
            int s = 0;
            for (PackMatcher.Group g : pack.series()) {
                StringBuilder members = new StringBuilder();
                for (PackMatcher.Cell c : g.cells()) {
                    members.append(members.isEmpty() ? "" : ", ").append(c.barcode()).append(" (ch ").append(c.channel())
                            .append(')');
                }
                out.append(String.format(Locale.ROOT, "  S%-3d %8.4f Ah  DCIR spread %6.3f mOhm  OCV spread %6.2f mV  %s%n",
                        ++s, g.capacityAh(), g.dcirSpreadOhm() * 1e3, g.ocvSpreadV() * 1e3, members));
            }
        }
        if (!plan.leftOver().isEmpty()) {
            out.append(String.format(Locale.ROOT, "%nleft over: %s%n", String.join(", ",
                    plan.leftOver().stream().sorted(Comparator.comparingInt(PackMatcher.Cell::channel))
                            .map(c -> c.barcode() + " (ch " + c.channel() + ")").toList())));
        }
        if (!unmatched.isEmpty()) {
            Map<String, Integer> why = new LinkedHashMap<>();
            unmatched.forEach(u -> why.merge(u.why(), 1, Integer::sum));
            out.append(String.format(Locale.ROOT, "%nnot matched: %d cells%n", unmatched.size()));
            why.forEach((w, n) -> out.append(String.format(Locale.ROOT, "  %3d  %s%n", n, w)));
        }
        String row = "  %-28s %18s %16s %14s%n";
        out.append(String.format(Locale.ROOT, "%nworst case over the lot%n"));
        out.append(String.format(Locale.ROOT, row, "", "series spread Ah", "DCIR spread mOhm", "OCV spread mV"));
        for (Map.Entry<String, PackMatcher.Plan> e : Map.of("matched", plan, "sorted chunks (baseline)", baseline)
                .entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            PackMatcher.Spread w = e.getValue().worst();
            out.append(String.format(Locale.ROOT, "  %-28s %18.4f %16.3f %14.2f%n", e.getKey(), w.seriesCapacityAh(),
                    w.dcirOhm() * 1e3, w.ocvV() * 1e3));
        }
        return out.toString();
    }
}
