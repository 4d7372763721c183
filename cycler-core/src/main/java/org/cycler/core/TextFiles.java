package org.cycler.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the text files a user hands us (recipes, grading specs, barcode and devices files) with
 * bounds: only a regular file is opened, so {@code /dev/zero} or a FIFO without a writer is
 * refused at once instead of filling memory or hanging, and at most {@code maxBytes} are read
 * whatever the file claims its size to be. Stateless.
 */
public final class TextFiles {

    /** A file longer than the limit it was read with. */
    public static final class TooLargeException extends FileSystemException {
        private static final long serialVersionUID = 1L;

        TooLargeException(Path file, long maxBytes) {
            super(file.toString(), null, "larger than " + maxBytes + " bytes");
        }
    }

    private TextFiles() {
    }

    /**
     * The whole of {@code file} as UTF-8 text.
     *
     * @throws NoSuchFileException          when it does not exist
     * @throws FileSystemException          with a reason ({@code it is a directory}, {@code not a
     *                                      regular file}) for anything but a regular file
     * @throws TooLargeException            when it holds more than {@code maxBytes}
     * @throws java.nio.charset.CharacterCodingException when it is not UTF-8
     */
    public static String read(Path file, long maxBytes) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "it is a directory");
        }
        if (!Files.isRegularFile(file)) {
            throw new FileSystemException(file.toString(), null, "not a regular file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
        if (bytes.length > maxBytes) {
            throw new TooLargeException(file, maxBytes);
        }
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }
}
