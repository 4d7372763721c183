package org.cycler.core.grading.io;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

import org.cycler.core.grading.Figure;
import org.cycler.core.grading.GradingSpec;
import org.cycler.core.recipe.Comparison;
import org.cycler.core.recipe.RecipeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A grading spec reads as written, in SI units, and every mistake gets one exact line. */
class GradingSpecParserTest {

    private static final String GOOD = """
            grading: NMC 21700 5 Ah
            optional: [k]
            reject:
              - {if: "capacity < 4.75 Ah", reason: low capacity}
              - {if: "dcir >= 30 mOhm", reason: high DCIR}
              - {if: "k > 1 mV/day", reason: high self-discharge}
              - {if: "first_cycle_ce <= 85 %", reason: high formation loss}
            bins:
              - {name: A, capacity: [4950 mAh, 5.3 Ah], dcir: [0 mOhm, 22 mOhm]}
              - name: B
                capacity: [4.85 Ah, 5.3 Ah]
                ocv: [3.5 V, 3700 mV]
              - {name: C}
            """;

    @Test
    void aGoodSpecReadsInSiUnits() throws RecipeException {
        GradingSpec spec = GradingSpecParser.parse(GOOD, "g.yaml");
        assertEquals("NMC 21700 5 Ah", spec.name());
        assertEquals(Set.of(Figure.K), spec.optional());
        assertEquals(4, spec.rejects().size());
        GradingSpec.RejectRule dcir = spec.rejects().get(1);
        assertEquals(Figure.DCIR, dcir.figure());
        assertEquals(Comparison.GREATER_OR_EQUAL, dcir.comparison());
        assertEquals(0.030, dcir.threshold(), 1e-12);
        assertEquals("high DCIR", dcir.reason());
        assertEquals(1e-3 / 86_400, spec.rejects().get(2).threshold(), 1e-18);
        assertEquals(0.85, spec.rejects().get(3).threshold(), 1e-12);
        assertEquals(Comparison.LESS_OR_EQUAL, spec.rejects().get(3).comparison());
        assertEquals(3, spec.bins().size());
        assertEquals(4.95, spec.bins().get(0).ranges().get(Figure.CAPACITY).low(), 1e-12);
        assertEquals(0.022, spec.bins().get(0).ranges().get(Figure.DCIR).high(), 1e-12);
        assertEquals(3.7, spec.bins().get(1).ranges().get(Figure.OCV).high(), 1e-12);
        assertTrue(spec.bins().get(2).ranges().isEmpty());
        assertEquals(EnumSet.of(Figure.CAPACITY, Figure.DCIR, Figure.FIRST_CYCLE_CE, Figure.OCV), spec.required());
    }

    @Test
    void theShippedSpecsParse() throws RecipeException {
        Path protocols = Path.of("..", "protocols");
        for (String name : new String[] {"nmc-grading.yaml", "lfp-grading.yaml"}) {
            GradingSpec spec = GradingSpecParser.parse(protocols.resolve(name));
            assertTrue(spec.rejects().size() >= 3, name);
            assertTrue(spec.optional().contains(Figure.K), name);
        }
    }

    static Stream<Arguments> badSpecs() {
        String bins = "bins: [{name: A}]\n";
        return Stream.of(
                bad("", "g.yaml:1:1: empty file (expected a grading spec with 'grading:' and 'bins:')"),
                bad("- a\n", "g.yaml:1:1: the grading spec must be a map (keys grading, optional, reject, bins), got a list"),
                bad(bins, "g.yaml:1:1: missing key 'grading' in the grading spec (expected the spec's name)"),
                bad("grading: g\n", "g.yaml:1:1: missing key 'bins' in the grading spec (expected a list of bins, e.g. [{name: A, capacity: [4.9 Ah, 5.2 Ah]}])"),
                bad("grading: g\nbin: []\n", "g.yaml:2:1: unknown key 'bin' in the grading spec (expected grading, optional, reject, bins)"),
                bad("grading: g\nbins: []\n", "g.yaml:2:7: 'bins' must list at least one bin, got an empty list"),
                bad("grading: g\nreject:\n  - {if: \"capacity < 4.75\", reason: low}\n" + bins,
                        "g.yaml:3:26: missing unit after '4.75' (expected Ah, mAh)"),
                bad("grading: g\nreject:\n  - {if: \"capacity < 4.75 V\", reason: low}\n" + bins,
                        "g.yaml:3:22: expected a capacity (Ah, mAh), got voltage '4.75 V'"),
                bad("grading: g\nreject:\n  - {if: \"cap < 4.75 Ah\", reason: low}\n" + bins,
                        "g.yaml:3:11: unknown figure 'cap' (expected capacity, energy, dcir, ocv, k, first_cycle_ce, last_cycle_ce)"),
                bad("grading: g\nreject:\n  - {if: \"dcir = 30 mOhm\", reason: high}\n" + bins,
                        "g.yaml:3:16: expected a comparison (<, <=, >, >=) after 'dcir', got '= 30 mOhm'"),
                bad("grading: g\nreject:\n  - {if: \"dcir > 30 mOhms/s\", reason: high}\n" + bins,
                        "g.yaml:3:21: unknown unit 'mOhms/s' (expected Ohm, mOhm)"),
                bad("grading: g\nreject:\n  - {if: \"k > 1 mV/day\"}\n" + bins,
                        "g.yaml:3:5: missing key 'reason' in a reject rule (expected why the cell is rejected, e.g. low capacity)"),
                bad("grading: g\nreject:\n  - {if: \"k > 1 mV/day\", reason: x, action: hold}\n" + bins,
                        "g.yaml:3:37: unknown key 'action' in a reject rule (expected if, reason)"),
                bad("grading: g\nreject:\n  - {if: \"first_cycle_ce < 0.85\", reason: loss}\n" + bins,
                        "g.yaml:3:32: missing unit after '0.85' (expected %)"),
                bad("grading: g\nbins:\n  - {name: A, capacity: [4.9 Ah]}\n",
                        "g.yaml:3:25: bin A capacity must be [low, high] (Ah, mAh), got 1 item"),
                bad("grading: g\nbins:\n  - {name: A, capacity: [5.2 Ah, 4.9 Ah]}\n",
                        "g.yaml:3:25: bin A capacity must be [low, high] with low <= high, got [5.2 Ah, 4.9 Ah]"),
                bad("grading: g\nbins:\n  - {name: A, dcir: [0, 20 mOhm]}\n",
                        "g.yaml:3:23: missing unit after '0' (expected Ohm, mOhm)"),
                bad("grading: g\nbins:\n  - {name: A, weight: [1 g, 2 g]}\n",
                        "g.yaml:3:15: unknown key 'weight' in a bin (expected name, capacity, energy, dcir, ocv, k, first_cycle_ce, last_cycle_ce)"),
                bad("grading: g\nbins:\n  - {capacity: [4.9 Ah, 5 Ah]}\n",
                        "g.yaml:3:5: missing key 'name' in a bin (expected the bin's name, e.g. A)"),
                bad("grading: g\nbins:\n  - {name: reject}\n",
                        "g.yaml:3:12: bin name 'reject' is reserved for rejected cells (expected another name)"),
                bad("grading: g\nbins:\n  - {name: A, ocv: [3 V, 4 V]}\n  - {name: a}\n",
                        "g.yaml:4:12: duplicate bin 'a' (first at line 3)"),
                bad("grading: g\nbins:\n  - {name: C}\n  - {name: D, ocv: [3 V, 4 V]}\n",
                        "g.yaml:4:5: bin 'D' can never be reached (expected it before bin 'C', which has no ranges and takes every cell)"),
                bad("grading: g\noptional: [kvalue]\n" + bins,
                        "g.yaml:2:12: unknown figure 'kvalue' (expected capacity, energy, dcir, ocv, k, first_cycle_ce, last_cycle_ce)"),
                bad("grading: g\nreject: {if: \"k > 1 mV/day\", reason: x}\n" + bins,
                        "g.yaml:2:9: 'reject' must be a list of rules {if: ..., reason: ...}, got a map"),
                bad("grading: g\nbins:\n  - {name: &a A}\n",
                        "g.yaml:3:12: YAML anchors and aliases are not supported (expected each value written out)"));
    }

    private static Arguments bad(String yaml, String message) {
        return Arguments.of(yaml, message);
    }

    @ParameterizedTest
    @MethodSource("badSpecs")
    void aBadSpecGetsOneExactLine(String yaml, String message) {
        RecipeException e = assertThrows(RecipeException.class, () -> GradingSpecParser.parse(yaml, "g.yaml"));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        RecipeException e = assertThrows(RecipeException.class,
                () -> GradingSpecParser.parse(Path.of("no-such-spec.yaml")));
        assertEquals("no-such-spec.yaml: cannot read file (no such file)", e.getMessage());
    }
}
