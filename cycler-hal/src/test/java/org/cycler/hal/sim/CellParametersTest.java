package org.cycler.hal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CellParametersTest {

    private static final CellParameters GOOD = Chemistry.NMC.typicalCell(5.0);

    /** A copy of {@link #GOOD} with one value replaced, by component index. */
    private static CellParameters with(int index, Object value) {
        Object[] v = {GOOD.chemistry(), GOOD.capacityAh(), GOOD.r0Ohm(), GOOD.r1Ohm(), GOOD.tau1S(),
            GOOD.r2Ohm(), GOOD.tau2S(), GOOD.leakageCurrentA(), GOOD.seiLossAh(), GOOD.initialSoc(),
            GOOD.heatCapacityJPerK(), GOOD.heatTransferWPerK(), GOOD.defect(), GOOD.diffusionSocPerA(),
            GOOD.tauDiffusionS()};
        v[index] = value;
        return new CellParameters((Chemistry) v[0], (double) v[1], (double) v[2], (double) v[3], (double) v[4],
                (double) v[5], (double) v[6], (double) v[13], (double) v[14], (double) v[7], (double) v[8],
                (double) v[9], (double) v[10], (double) v[11], (Defect) v[12]);
    }

    static Stream<Arguments> impossibleCells() {
        return Stream.of(
                Arguments.of("no chemistry", 0, null),
                Arguments.of("zero capacity", 1, 0.0),
                Arguments.of("NaN capacity", 1, Double.NaN),
                Arguments.of("infinite capacity", 1, Double.POSITIVE_INFINITY),
                Arguments.of("zero R0", 2, 0.0),
                Arguments.of("negative R1", 3, -0.001),
                Arguments.of("zero tau1", 4, 0.0),
                Arguments.of("NaN R2", 5, Double.NaN),
                Arguments.of("negative tau2", 6, -1.0),
                Arguments.of("negative leakage", 7, -1e-6),
                Arguments.of("negative SEI loss", 8, -0.1),
                Arguments.of("SEI loss above capacity", 8, 6.0),
                Arguments.of("SOC above 1", 9, 1.2),
                Arguments.of("negative SOC", 9, -0.1),
                Arguments.of("zero heat capacity", 10, 0.0),
                Arguments.of("zero heat transfer", 11, 0.0),
                Arguments.of("no defect value", 12, null),
                Arguments.of("negative diffusion lead", 13, -1e-3),
                Arguments.of("zero diffusion time constant", 14, 0.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impossibleCells")
    void rejectsAnImpossibleCell(String why, int index, Object value) {
        assertThrows(RuntimeException.class, () -> with(index, value), why);
    }

    @Test
    void oneRcPairCanBeSwitchedOff() {
        assertEquals(0.0, with(5, 0.0).r2Ohm());
    }

    @Test
    void aFormedCellHasNoSeiLeftAndStartsAtTheGivenSoc() {
        CellParameters formed = GOOD.asFormed(0.5);
        assertEquals(0.0, formed.seiLossAh());
        assertEquals(0.5, formed.initialSoc());
        assertEquals(GOOD.capacityAh(), formed.capacityAh());
        assertEquals(GOOD.r0Ohm(), formed.r0Ohm());
    }

    @Test
    void totalResistanceIsTheSeriesSum() {
        assertEquals(0.046, GOOD.totalResistanceOhm(), 1e-12);
    }
}
