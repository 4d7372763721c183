package org.cycler.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.cycler.core.BadInputException;
import org.cycler.core.schedule.ChannelEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReaderTest {

    private static final String HEADER = String.join(",", BdfColumns.ALL) + "\n";
    private static final String EVENT = "{\"kind\":\"STATE\",\"channel\":%d,\"testTimeS\":1.0,\"stepId\":2,\"stepCount\":3,"
            + "\"cycleCount\":0,\"state\":\"DONE\",\"reason\":null,\"message\":\"\",\"chargeAh\":0.0,\"dischargeAh\":0.0,"
            + "\"chargeWh\":0.0,\"dischargeWh\":0.0}\n";

    @TempDir
    Path root;

    private RunDirectory dir;
    private RunReader reader;

    @BeforeEach
    void makeRun() throws Exception {
        Files.writeString(root.resolve(RunDirectory.INFO_FILE), "{\"run_id\":\"r\",\"channels\":[{\"channel\":1,\"barcode\":\"A\"}]}");
        dir = RunDirectory.open(root);
        Files.createDirectories(dir.dataDir());
        reader = new RunReader(dir);
    }

    /** A complete data row at test time {@code t}, every other cell 1 and the step type CC_CHG. */
    private static String row(double t) {
        List<String> cells = new ArrayList<>(Collections.nCopies(BdfColumns.ALL.size(), "1"));
        cells.set(0, Double.toString(t));
        cells.set(BdfColumns.ALL.indexOf(BdfColumns.STEP_TYPE), "CC_CHG");
        return String.join(",", cells);
    }

    @Test
    void theLastRowIsTheLastCompleteOneOfAFileOfAnyLength() throws Exception {
        StringBuilder text = new StringBuilder(HEADER);
        for (int t = 0; t < 5_000; t++) {
            text.append(row(t)).append('\n');
        }
        Files.writeString(dir.dataFile(1), text + "5000.0,3.9,1");
        RunReader.DataRow last = reader.lastDataRow(1).orElseThrow();
        assertEquals(4999.0, last.testTimeS(), "a torn last line is not a row");
        assertEquals("CC_CHG", last.stepType());
        assertEquals(4999.0, reader.lastRowTime(1));

        Files.writeString(dir.dataFile(2), HEADER + row(7) + "\n");
        assertEquals(7.0, reader.lastRowTime(2));
        Files.writeString(dir.dataFile(3), HEADER);
        assertTrue(reader.lastDataRow(3).isEmpty());
        assertEquals(Double.NEGATIVE_INFINITY, reader.lastRowTime(3));
        assertTrue(reader.lastDataRow(4).isEmpty(), "no data file, no row");
    }

    @Test
    void dataRowsStreamInOrderWithTheirLinesAndATornLastRowIsNotComplete() throws Exception {
        Files.writeString(dir.dataFile(1), HEADER + row(0) + "\n" + row(1) + "\n2.0,3.9");
        List<String> seen = new ArrayList<>();
        assertTrue(reader.dataRows(1, r -> seen.add(r.line() + ":" + r.complete() + ":" + (r.complete() ? r.testTimeS() : ""))));
        assertEquals(List.of("2:true:0.0", "3:true:1.0", "4:false:"), seen);
        assertFalse(reader.dataRows(2, r -> seen.add("none")), "a channel without a data file has no rows");
    }

    @Test
    void aBadCellNamesTheFileLineAndColumn() throws Exception {
        Files.writeString(dir.dataFile(1), HEADER + row(0) + "\n" + row(1).replaceFirst(",1,", ",x,") + "\n");
        BadInputException e = assertThrows(BadInputException.class, () -> reader.dataRows(1, RunReader.DataRow::voltageV));
        assertEquals(dir.dataFile(1) + ":3: 'x' in column 'Voltage / V' is not a number", e.getMessage());
    }

    @Test
    void aDataFileWithAnotherHeaderIsRefused() throws Exception {
        Files.writeString(dir.dataFile(1), "time,voltage\n1,2\n");
        BadInputException e = assertThrows(BadInputException.class, () -> reader.dataRows(1, r -> { }));
        assertTrue(e.getMessage().startsWith(dir.dataFile(1) + ": unexpected header (expected Test Time / s,"), e.getMessage());
    }

    @Test
    void theJournalLeavesOutATornLastLineAndNamesACorruptOne() throws Exception {
        Files.writeString(dir.journal(), String.format(EVENT, 1) + String.format(EVENT, 2) + "{\"kind\":\"STA");
        List<ChannelEvent> events = reader.journal();
        assertEquals(List.of(1, 2), events.stream().map(ChannelEvent::channel).toList());
        assertEquals(3L, events.get(0).stepCount());

        Files.writeString(dir.journal(), String.format(EVENT, 1) + "not json\n" + String.format(EVENT, 2));
        BadInputException e = assertThrows(BadInputException.class, () -> reader.journal());
        assertEquals(dir.journal() + ":2: not a journal event (expected one JSON object per line)", e.getMessage());
        Files.delete(dir.journal());
        assertTrue(reader.journal().isEmpty(), "no journal, no events");
    }

    @Test
    void cyclesRowsAreTypedAndAnEmptyEfficiencyIsNaN() throws Exception {
        Files.writeString(dir.cycles(), String.join(",", CycleColumns.ALL) + "\n"
                + "1,A,0,1.0,0.9,3.7,3.3,1.0,0.9,0.900000,10.000\n"
                + "1,A,1,1.0,0.0,3.7,0.0,,,,20.000\n");
        List<String> seen = new ArrayList<>();
        assertTrue(reader.cycles(r -> seen.add(r.channel() + "/" + r.cycleCount() + "/" + r.pairedDischargeAh()
                + "/" + r.coulombicEfficiency())));
        assertEquals(List.of("1/0/0.9/0.9", "1/1/NaN/NaN"), seen);
        Files.delete(dir.cycles());
        assertFalse(reader.cycles(r -> seen.add("none")), "a run without cycles.csv has no cycles");
    }

    @Test
    void anUnreadableRunJsonNamesTheFile() throws Exception {
        Files.writeString(dir.runInfo(), "{");
        BadInputException e = assertThrows(BadInputException.class, () -> reader.info());
        assertTrue(e.getMessage().startsWith(dir.runInfo() + ": cannot read run.json"), e.getMessage());
    }
}
