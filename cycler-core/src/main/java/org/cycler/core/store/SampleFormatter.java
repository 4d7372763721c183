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

    private final StringBuilder cell = new StringBuilder(32);

    void print(CSVPrinter printer, Sample s) throws IOException {
        number(printer, s.testTimeS(), TIME_PLACES);
        number(printer, s.voltageV(), ELECTRIC_PLACES);
        number(printer, s.currentA(), ELECTRIC_PLACES);
        number(printer, s.unixTimeS(), TIME_PLACES);
        printer.print(Integer.toString(s.cycleCount()));
        printer.print(Long.toString(s.stepCount()));
        printer.print(Integer.toString(s.stepId()));
        printer.print(s.stepType().name());
        number(printer, s.stepTimeS(), TIME_PLACES);
        number(printer, s.chargeAh(), CHARGE_PLACES);
        number(printer, s.dischargeAh(), CHARGE_PLACES);
        number(printer, s.stepChargeAh(), CHARGE_PLACES);
        number(printer, s.stepDischargeAh(), CHARGE_PLACES);
        number(printer, s.chargeWh(), CHARGE_PLACES);
        number(printer, s.dischargeWh(), CHARGE_PLACES);
        number(printer, s.powerW(), ELECTRIC_PLACES);
        number(printer, s.temperatureC(), TEMPERATURE_PLACES);
        printer.println();
    }

    private void number(CSVPrinter printer, double value, int places) throws IOException {
        cell.setLength(0);
        Decimals.append(cell, value, places);
        printer.print(cell);
    }
}
