package org.cycler.core.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.cycler.core.BadInputException;

/**
 * The bearer tokens an HTTP API accepts, from a tokens file: one {@code TOKEN ROLE NAME} per
 * line (the role one of {@code R}'s constants in lower case, e.g. {@code read}; the name is who
 * acts, e.g. {@code line-3}),
 * blank lines and {@code #} comments ignored; a UTF-8 byte order mark at the start is not part of
 * the first token. A file that group or others may read is accepted with a warning naming the fix
 * ({@link #warnings()}). Tokens are compared in constant time. Immutable, thread-safe.
 */
public final class Tokens<R extends Enum<R>> {

    /** Shortest token accepted, so that a guessable one is refused at start. */
    public static final int MIN_TOKEN_LENGTH = 16;

    /** Who a token belongs to. */
    public record Principal<R extends Enum<R>>(String name, R role) {
        public Principal {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
        }
    }

    private record Entry<R extends Enum<R>>(byte[] token, Principal<R> principal) {
    }

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final List<Entry<R>> entries;
    private final List<String> warnings;

    private Tokens(List<Entry<R>> entries, List<String> warnings) {
        this.entries = List.copyOf(entries);
        this.warnings = List.copyOf(warnings);
    }

    /** Reads a tokens file whose roles are {@code roles}' constants; messages name the file and line, never a token. */
    public static <R extends Enum<R>> Tokens<R> read(Path file, Class<R> roles) throws BadInputException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file (expected one 'TOKEN ROLE NAME' per line)", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read tokens (" + e.getMessage() + ")", e);
        }
        List<Entry<R>> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = (i == 0 && !lines.get(0).isEmpty() && lines.get(0).charAt(0) == BYTE_ORDER_MARK
                    ? lines.get(0).substring(1) : lines.get(i)).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            String[] parts = line.split("\\s+");
            if (parts.length != 3) {
                throw new BadInputException(where + "expected 'TOKEN ROLE NAME' (three words)");
            }
            if (parts[0].length() < MIN_TOKEN_LENGTH) {
                throw new BadInputException(where + "token shorter than " + MIN_TOKEN_LENGTH + " characters");
            }
            if (!seen.add(parts[0])) {
                throw new BadInputException(where + "token given twice");
            }
            R role;
            try {
                role = Enum.valueOf(roles, parts[1].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(where + "role '" + parts[1] + "' (expected " + spelled(roles) + ")", e);
            }
            entries.add(new Entry<>(parts[0].getBytes(StandardCharsets.UTF_8), new Principal<>(parts[2], role)));
        }
        if (entries.isEmpty()) {
            throw new BadInputException(file + ": no tokens (expected one 'TOKEN ROLE NAME' per line)");
        }
        return new Tokens<>(entries, readableByOthers(file)
                ? List.of(file + ": readable by other users, who could take its tokens; run: chmod 600 " + file)
                : List.of());
    }

    /** The roles as a file spells them: {@code read, claim or admin}. */
    private static String spelled(Class<? extends Enum<?>> roles) {
        List<String> names = new ArrayList<>();
        for (Enum<?> role : roles.getEnumConstants()) {
            names.add(role.name().toLowerCase(Locale.ROOT));
        }
        String last = names.removeLast();
        return names.isEmpty() ? last : String.join(", ", names) + " or " + last;
    }

    /** Whether group or others may read {@code file}; false where the file system has no POSIX modes. */
    private static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            return mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    public int size() {
        return entries.size();
    }

    /** One line each for what is wrong with the file but not fatal (group or others may read it). */
    public List<String> warnings() {
        return warnings;
    }

    /** The names of every token. */
    public Set<String> names() {
        Set<String> out = new HashSet<>();
        entries.forEach(e -> out.add(e.principal().name()));
        return out;
    }

    /**
     * Who an {@code Authorization} header value ({@code Bearer TOKEN}) belongs to; empty for a
     * missing, malformed or unknown token. Every known token is compared, in constant time each.
     */
    public Optional<Principal<R>> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        Principal<R> found = null;
        for (Entry<R> e : entries) {
            if (MessageDigest.isEqual(e.token(), given)) {
                found = e.principal();
            }
        }
        return Optional.ofNullable(found);
    }
}
