package org.cycler.grades.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

import org.cycler.core.json.Json;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

import com.fasterxml.jackson.core.JsonProcessingException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Jetty's answer to a request it refuses before the API sees it (a malformed URI such as
 * {@code /api/v1/cells/%zz}, {@code Content-Length: abc}, headers too large, a timed-out request):
 * {@code {"error": "..."}} with a plain message for the status, never Jetty's HTML page or the name
 * of an exception. Stateless.
 */
final class JsonErrorHandler extends ErrorHandler {

    /** The content type of every answer of the API. */
    static final String JSON_TYPE = "application/json; charset=utf-8";

    JsonErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
        setShowMessageInTitle(false);
    }

    /** What a client is told for a refused request of {@code status}. */
    static String message(int status) {
        return switch (status) {
            case 400 -> "malformed request (check the path's %-escapes and the headers)";
            case 404 -> "no such resource (the API is under " + GradesApi.PREFIX + ")";
            case 405 -> "method not allowed";
            case 408 -> "request timed out (send the whole request promptly)";
            case 413 -> "request body over " + GradesApi.MAX_BODY_BYTES + " bytes";
            case 414 -> "request URI too long";
            case 431 -> "request headers too large";
            case 500 -> "internal error";
            case 503 -> "server busy; try again";
            default -> "request refused";
        };
    }

    static byte[] body(int status) {
        try {
            return Json.MAPPER.writeValueAsBytes(Map.of("error", message(status)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error message is always JSON", e);
        }
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        baseRequest.setHandled(true);
        if (response.isCommitted()) {
            return;
        }
        byte[] body = body(response.getStatus());
        response.setContentType(JSON_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, JSON_TYPE));
        return ByteBuffer.wrap(body(status));
    }
}
