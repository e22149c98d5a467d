package io.mailsync.examples.host;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * A POST endpoint that reads the request body up to a limit (413 above it, before the subclass sees anything) and
 * hands it to {@link #answer}; other methods get the container's 405. The base of the webhook servlets.
 */
public abstract class BodyLimitedServlet extends HttpServlet {

    private final int maxBodyBytes;

    /**
     * @param maxBodyBytes the largest body read, at least 1 KiB
     */
    protected BodyLimitedServlet(int maxBodyBytes) {
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 1024, was " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected final void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body = ServletIo.body(req, resp, maxBodyBytes);
        if (body != null) {
            answer(req, resp, body);
        }
    }

    /** Answers a POST whose body is within the limit. */
    protected abstract void answer(HttpServletRequest req, HttpServletResponse resp, byte[] body) throws IOException;
}
