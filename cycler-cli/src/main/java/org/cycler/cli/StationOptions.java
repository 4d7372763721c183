package org.cycler.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.cycler.core.BadInputException;
import org.cycler.station.http.StationClient;

import picocli.CommandLine.Option;

/** The options of every client of a station: its URL and where the token comes from. */
final class StationOptions {

    /** The environment variable that holds the bearer token. */
    static final String TOKEN_VARIABLE = "CYCLER_TOKEN";

    @Option(names = "--station", paramLabel = "URL", description = "The station, e.g. http://127.0.0.1:8090.")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "A file holding the bearer token (default: the " + TOKEN_VARIABLE + " variable).")
    Path tokenFile;

    boolean given() {
        return url != null;
    }

    StationClient client() throws BadInputException {
        if (url == null) {
            throw new BadInputException("--station URL is required (e.g. --station http://127.0.0.1:8090)");
        }
        String token;
        if (tokenFile != null) {
            try {
                token = Files.readString(tokenFile).strip();
            } catch (NoSuchFileException e) {
                throw new BadInputException("--token-file " + tokenFile + ": no such file", e);
            } catch (IOException e) {
                throw new BadInputException("--token-file " + tokenFile + ": cannot read (" + e.getMessage() + ")", e);
            }
        } else {
            token = System.getenv(TOKEN_VARIABLE);
            if (token == null || token.isBlank()) {
                throw new BadInputException("no token: set " + TOKEN_VARIABLE + " or give --token-file FILE");
            }
        }
        return new StationClient(url, token.strip());
    }
}
