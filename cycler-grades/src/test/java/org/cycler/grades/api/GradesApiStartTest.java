package org.cycler.grades.api;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cycler.core.auth.Tokens;
import org.cycler.grades.db.DbLocation;
import org.cycler.grades.db.GradesDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradesApiStartTest {

    @TempDir
    Path temp;

    /** {@code cycler serve} turns this into a one-line error naming the port. */
    @Test
    void aTakenPortIsABindException() throws Exception {
        Path tokens = temp.resolve("tokens");
        Files.writeString(tokens, "read-token-0123456789abcdef read viewer\n");
        try (GradesDatabase db = GradesDatabase.open(DbLocation.file(temp.resolve("grades.db")));
             GradesApi first = GradesApi.start(db, Tokens.read(tokens, Role.class),
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), line -> { })) {
            assertThrows(BindException.class, () -> GradesApi.start(db, Tokens.read(tokens, Role.class),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), first.address().getPort()), line -> { }));
        }
    }
}
