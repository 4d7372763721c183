package org.cycler.core.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the control socket of a run directory with a long path goes, and what is refused there. */
class ControlSocketTest {

    @TempDir
    Path dir;

    private Path deepRun() {
        return dir.resolve("runs/" + "x".repeat(120) + "/20261202-lot");
    }

    @Test
    void aShortRunDirectoryKeepsItsSocketInside() throws IOException {
        Path runDir = dir.resolve("r");
        assertEquals(runDir.toAbsolutePath().resolve(ControlSocket.FILE),
                ControlSocket.of(runDir, Optional.empty(), dir.resolve("tmp")));
    }

    @Test
    void aLongRunDirectoryUsesAPrivateDirectoryInTheRuntimeDirectory() throws IOException {
        Path runtime = Files.createDirectories(dir.resolve("runtime"));
        Path socket = ControlSocket.of(deepRun(), Optional.of(runtime), dir.resolve("tmp"));
        assertEquals(runtime.resolve(ControlSocket.RUNTIME_SUBDIR), socket.getParent());
        assertPrivate(socket.getParent());
        assertEquals(socket, ControlSocket.of(deepRun(), Optional.of(runtime), dir.resolve("tmp")), "clients find it");
        assertTrue(socket.toString().length() <= ControlSocket.MAX_PATH_BYTES);
    }

    @Test
    void withoutARuntimeDirectoryThePrivateDirectoryIsMadeAndCheckedInTheTemporaryFolder() throws IOException {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path socket = ControlSocket.of(deepRun(), Optional.empty(), tmp);
        assertEquals(tmp.resolve("cycler-" + ControlSocket.currentUid()), socket.getParent());
        assertPrivate(socket.getParent());
        assertFalse(socket.getParent().equals(tmp), "never a name straight in the shared folder");
    }

    @Test
    void aDirectoryOthersCanEnterOrASymlinkIsRefused() throws IOException {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path taken = Files.createDirectory(tmp.resolve("cycler-" + ControlSocket.currentUid()),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(taken, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException open = assertThrows(IOException.class, () -> ControlSocket.of(deepRun(), Optional.empty(), tmp));
        assertEquals(taken + ": the control socket directory has mode rwxrwxrwx (expected rwx------)", open.getMessage());
        Path runtime = Files.createDirectories(dir.resolve("runtime"));
        Files.createSymbolicLink(runtime.resolve(ControlSocket.RUNTIME_SUBDIR), taken);
        IOException link = assertThrows(IOException.class, () -> ControlSocket.of(deepRun(), Optional.of(runtime), tmp));
        assertTrue(link.getMessage().endsWith("is not a directory (expected a private directory, mode 0700)"),
                link.getMessage());
    }

    private static void assertPrivate(Path dir) throws IOException {
        assertTrue(Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals(ControlSocket.currentUid(), (Integer) Files.getAttribute(dir, "unix:uid"));
    }
}
