package org.cycler.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.cycler.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {

    /** The roles of the grades API, as a module names them. */
    enum Role { READ, CLAIM, ADMIN }

    @TempDir
    Path temp;

    private Path file(String text) throws Exception {
        Path f = temp.resolve("tokens.txt");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void aBearerTokenNamesItsHolderAndRole() throws Exception {
        Tokens<Role> tokens = Tokens.read(file("# plant\n\nread-0123456789abcdef read dashboard\n"
                + "claim-0123456789abcdef  claim  line-3\n"), Role.class);
        assertEquals(2, tokens.size());
        assertEquals(new Tokens.Principal<>("line-3", Role.CLAIM), tokens.authenticate("Bearer claim-0123456789abcdef").orElseThrow());
        assertEquals(Role.READ, tokens.authenticate("bearer read-0123456789abcdef").orElseThrow().role());
        assertFalse(tokens.authenticate(null).isPresent());
        assertFalse(tokens.authenticate("read-0123456789abcdef").isPresent());
        assertFalse(tokens.authenticate("Bearer read-0123456789abcde").isPresent());
        assertFalse(tokens.authenticate("Basic cmVhZDp4").isPresent());
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstToken() throws Exception {
        Path f = file("\uFEFFclaim-0123456789abcdef claim line-3\n");
        Tokens<Role> tokens = Tokens.read(f, Role.class);
        assertEquals("line-3", tokens.authenticate("Bearer claim-0123456789abcdef").orElseThrow().name());
    }

    @Test
    void aFileOthersMayReadGetsAWarningNamingTheFix() throws Exception {
        Path f = file("claim-0123456789abcdef claim line-3\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(List.of(f + ": readable by other users, who could take its tokens; run: chmod 600 " + f),
                Tokens.read(f, Role.class).warnings());
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertEquals(List.of(), Tokens.read(f, Role.class).warnings());
    }

    @Test
    void aBadTokensFileIsOneLineNamingTheLineNeverTheToken() throws Exception {
        Path f = file("short read x\n");
        assertEquals(f + ":1: token shorter than 16 characters",
                assertThrows(BadInputException.class, () -> Tokens.read(f, Role.class)).getMessage());
        Path g = file("# c\nsecret-0123456789abcdef owner root\n");
        assertEquals(g + ":2: role 'owner' (expected read, claim or admin)",
                assertThrows(BadInputException.class, () -> Tokens.read(g, Role.class)).getMessage());
        Path h = file("secret-0123456789abcdef read\n");
        assertEquals(h + ":1: expected 'TOKEN ROLE NAME' (three words)",
                assertThrows(BadInputException.class, () -> Tokens.read(h, Role.class)).getMessage());
        Path e = file("# nothing\n");
        assertEquals(e + ": no tokens (expected one 'TOKEN ROLE NAME' per line)",
                assertThrows(BadInputException.class, () -> Tokens.read(e, Role.class)).getMessage());
    }
}
