package org.cycler.station.http;

import java.util.Locale;

/** What a station token may do: {@link #READ} looks (GET); {@link #OPERATOR} also submits and steers jobs (POST). */
public enum StationRole {
    READ, OPERATOR;

    public boolean allows(StationRole needed) {
        return ordinal() >= needed.ordinal();
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
