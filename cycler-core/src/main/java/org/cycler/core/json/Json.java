package org.cycler.core.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one configured Jackson mapper of the whole program: run files, the control socket, the
 * grades API and the benchmarks' figures all read and write JSON through it, so they agree on what
 * JSON is accepted.
 *
 * <p>Reading is strict: a duplicate key, anything after the one value (trailing junk, a second
 * object) and an unknown field of a mapped record are errors, never silently dropped or merged.
 * Writing is compact; {@link #PRETTY} indents. Both are thread-safe and never reconfigured.
 */
public final class Json {

    /** The strict mapper. Thread-safe; never reconfigure it. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The same mapper writing indented JSON, for files people read. */
    public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {
    }
}
