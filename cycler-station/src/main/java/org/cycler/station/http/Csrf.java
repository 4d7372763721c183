package org.cycler.station.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The CSRF token every steering POST carries in {@value #HEADER}: an HMAC-SHA256 of the request's
 * bearer credential under a key made fresh each time the station starts, so it is per login,
 * needs no server-side session, and a page of another origin, which can neither read the page's
 * sessionStorage nor {@code GET /api/v1/session}, cannot make it. Thread-safe.
 */
public final class Csrf {

    /** The request header that carries the token. */
    public static final String HEADER = "X-CSRF-Token";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int KEY_BYTES = 32;

    private final SecretKeySpec key;

    public Csrf() {
        byte[] bytes = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(bytes);
        key = new SecretKeySpec(bytes, ALGORITHM);
    }

    /** The token for requests that send {@code authorization} as their Authorization header. */
    public String tokenFor(String authorization) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(authorization.strip().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has " + ALGORITHM, e);
        }
    }

    /** Whether {@code token} is the one for {@code authorization}; compared in constant time. */
    public boolean matches(String authorization, String token) {
        if (authorization == null || token == null) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(authorization).getBytes(StandardCharsets.US_ASCII),
                token.strip().getBytes(StandardCharsets.US_ASCII));
    }
}
