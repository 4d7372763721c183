package org.cycler.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cycler.core.BadInputException;
import org.cycler.core.store.RunDirectory;

/** Opening run directories named on the command line, with one-line errors. */
final class Runs {

    private Runs() {
    }

    static RunDirectory open(Path dir) throws BadInputException {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": no such run directory");
        }
        try {
            return RunDirectory.open(dir);
        } catch (IOException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }
}
