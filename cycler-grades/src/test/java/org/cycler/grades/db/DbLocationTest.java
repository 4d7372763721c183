package org.cycler.grades.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.cycler.core.BadInputException;
import org.junit.jupiter.api.Test;

class DbLocationTest {

    @Test
    void aPathIsAnSqliteFileAndAPostgresUrlHidesItsPassword() throws Exception {
        DbLocation file = DbLocation.parse("runs/grades.db");
        assertEquals(DbLocation.Vendor.SQLITE, file.vendor());
        assertEquals("jdbc:sqlite:runs/grades.db", file.url());
        DbLocation pg = DbLocation.parse("jdbc:postgresql://db:5432/cycler?user=c&password=secret");
        assertEquals(DbLocation.Vendor.POSTGRESQL, pg.vendor());
        assertEquals("jdbc:postgresql://db:5432/cycler", pg.shown());
        assertEquals(DbLocation.Vendor.SQLITE, DbLocation.parse("jdbc:sqlite:/tmp/x.db").vendor());
    }

    @Test
    void anotherDatabaseOrNothingIsRefused() {
        assertEquals("--db jdbc:mysql://db/x: unsupported database (expected a file path, jdbc:sqlite:PATH or "
                + "jdbc:postgresql://HOST:PORT/NAME)",
                assertThrows(BadInputException.class, () -> DbLocation.parse("jdbc:mysql://db/x")).getMessage());
        assertThrows(BadInputException.class, () -> DbLocation.parse("  "));
    }
}
