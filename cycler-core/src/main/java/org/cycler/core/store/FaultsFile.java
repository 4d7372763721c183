package org.cycler.core.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.cycler.core.schedule.ChannelEvent;

/**
 * {@code faults.csv}: every channel that went UNSAFE or FAULT, when and why, one row each in
 * test-time order. Written when the run ends; the journal holds the same events as they happen.
 */
public final class FaultsFile {

    public static final List<String> COLUMNS = List.of("Channel", "Barcode", "Test Time / s", "State", "Reason",
            "Message");

    private FaultsFile() {
    }

    static void write(Path file, List<ChannelEvent> faults, Map<Integer, String> barcodes) throws IOException {
        try (CSVPrinter out = new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8),
                CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader(COLUMNS.toArray(String[]::new)).get())) {
            for (ChannelEvent e : faults.stream().sorted(Comparator.comparingDouble(ChannelEvent::testTimeS)
                    .thenComparingInt(ChannelEvent::channel)).toList()) {
                out.printRecord(Integer.toString(e.channel()), CsvText.neutralise(barcodes.getOrDefault(e.channel(), "")),
                        Decimals.format(e.testTimeS(), 3), e.state().name(),
                        e.reason().name().toLowerCase(Locale.ROOT).replace('_', ' '), CsvText.neutralise(e.message()));
            }
        }
    }
}
