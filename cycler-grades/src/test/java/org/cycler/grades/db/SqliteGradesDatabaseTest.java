package org.cycler.grades.db;

/** The grades database contract on an embedded SQLite file. */
class SqliteGradesDatabaseTest extends GradesDatabaseContract {

    @Override
    DbLocation newDatabase() {
        return DbLocation.file(temp.resolve("grades.db"));
    }
}
