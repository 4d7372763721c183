package org.cycler.grades.db;

/** The grades database contract on an embedded SQLite file. */
class SqliteGradesDatabaseTest extends GradesDatabaseContract {

    private int databases;

    @Override
    DbLocation newDatabase() {
        return DbLocation.file(temp.resolve("grades-" + ++databases + ".db"));
    }
}
