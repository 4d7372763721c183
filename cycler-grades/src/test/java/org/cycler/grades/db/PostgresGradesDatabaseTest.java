package org.cycler.grades.db;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The grades database contract on a real PostgreSQL server this test starts (and stops). */
class PostgresGradesDatabaseTest extends GradesDatabaseContract {

    private static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    DbLocation newDatabase() throws Exception {
        return server.newDatabase();
    }
}
