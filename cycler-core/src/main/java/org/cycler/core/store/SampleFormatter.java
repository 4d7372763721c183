package org.cycler.core.store;

import java.io.IOException;

import org.apache.commons.csv.CSVPrinter;
import org.cycler.core.schedule.Sample;

/**
 * Writes a {@link Sample} as one Battery Data Format row, columns in {@link BdfColumns#ALL} order.
 * Resolution: times to the millisecond, voltage and current to the microvolt and microampere,
 * capacities and energies to 0.1 micro-Ah / micro-Wh, temperature to the millidegree.
 * Reuses one builder, so an instance belongs to one thread.
 */
final class SampleFormatter {

    private static final int TIME_PLACES = 3;
    private static final int ELECTRIC_PLACES = 6;
    private static final int CHARGE_PLACES = 7;
    private static final int TEMPERATURE_PLACES = 3;

    private final AsciiRow row = new AsciiRow();

    /**
     * Prints one row. Every cell is a number or a step type name, which never needs quoting, so the
     * row is formatted whole, as ASCII bytes, and handed to the printer's writer in one piece; the
     * printer still owns the file, its header and its record separators.
     */
    void print(CSVPrinter printer, Sample s) throws IOException {
        row.clear();
        number(s.testTimeS(), TIME_PLACES);
        number(s.voltageV(), ELECTRIC_PLACES);
        number(s.currentA(), ELECTRIC_PLACES);
        number(s.unixTimeS(), TIME_PLACES);
        row.append(s.cycleCount()).append(',');
        row.append(s.stepCount()).append(',');
        row.append(s.stepId()).append(',');
        row.append(s.stepType().name()).append(',');
        number(s.stepTimeS(), TIME_PLACES);
        number(s.chargeAh(), CHARGE_PLACES);
        number(s.dischargeAh(), CHARGE_PLACES);
        number(s.stepChargeAh(), CHARGE_PLACES);
        number(s.stepDischargeAh(), CHARGE_PLACES);
        number(s.chargeWh(), CHARGE_PLACES);
        number(s.dischargeWh(), CHARGE_PLACES);
        number(s.powerW(), ELECTRIC_PLACES);
        row.append(s.temperatureC(), TEMPERATURE_PLACES);
        printer.getOut().append(row);
        printer.println();
    }

    private void number(double value, int places) {
        row.append(value, places).append(',');
    }
}
