package io.mailsync.examples.host;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;

/**
 * One route of the host: serves the exchange or throws {@link HttpError}. {@link #guarded} turns it into a
 * {@link HttpHandler} that answers {@code {"error": "..."}} for refused requests and a bare 500 for bugs, checks the
 * method and, for exact routes, the path (the JDK server matches contexts by prefix).
 */
@FunctionalInterface
interface Route {

    /** Serves one request. */
    void serve(HttpExchange exchange) throws IOException;

    /**
     * A handler serving this route.
     *
     * @param exactPath the path the request must have, or {@code null} for a route that parses its own sub-paths
     * @param methods   the methods allowed
     */
    default HttpHandler guarded(String exactPath, String... methods) {
        Logger log = LoggerFactory.getLogger(Route.class);
        return ex -> {
            try (ex) {
                try {
                    if (exactPath != null && !exactPath.equals(ex.getRequestURI().getPath())) {
                        throw HttpError.notFound("no such route");
                    }
                    if (Arrays.stream(methods).noneMatch(m -> m.equalsIgnoreCase(ex.getRequestMethod()))) {
                        ex.getResponseHeaders().set("Allow", String.join(", ", methods));
                        throw new HttpError(405, "method not allowed");
                    }
                    serve(ex);
                } catch (HttpError e) {
                    Exchanges.sendError(ex, e.status(), e.getMessage());
                } catch (RuntimeException e) {
                    log.error("{} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
                    Exchanges.sendError(ex, 500, "internal error");
                }
            }
        };
    }
}
