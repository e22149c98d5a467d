package io.mailsync.gmail.internal;

import com.google.api.client.http.HttpExecuteInterceptor;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpUnsuccessfulResponseHandler;
import io.mailsync.core.spi.Credential;
import io.mailsync.core.spi.Credentials;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Puts the account's bearer token on every request, batch parts included (the batch runs each part's interceptor),
 * and answers a 401 by refreshing the token through the account's {@link Credentials} once per request, then
 * retrying. A failed refresh throws {@link io.mailsync.core.AuthenticationRequiredException} out of the call.
 * Thread-safe.
 */
public final class GmailAuth implements HttpRequestInitializer, HttpExecuteInterceptor, HttpUnsuccessfulResponseHandler {

    private final Credentials credentials;
    private final Duration timeout;
    private final Map<HttpRequest, Credential> used = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<HttpRequest, Boolean> refreshed = Collections.synchronizedMap(new WeakHashMap<>());

    public GmailAuth(Credentials credentials, Duration timeout) {
        this.credentials = credentials;
        this.timeout = timeout;
    }

    @Override
    public void initialize(HttpRequest request) {
        request.setInterceptor(this);
        request.setUnsuccessfulResponseHandler(this);
        request.setConnectTimeout((int) timeout.toMillis());
        request.setReadTimeout((int) timeout.toMillis());
        request.setNumberOfRetries(2);
    }

    @Override
    public void intercept(HttpRequest request) {
        Credential c = credentials.current();
        used.put(request, c);
        request.getHeaders().setAuthorization("Bearer " + c.secret());
    }

    @Override
    public boolean handleResponse(HttpRequest request, HttpResponse response, boolean supportsRetry) {
        if (response.getStatusCode() != 401 || !supportsRetry || refreshed.put(request, Boolean.TRUE) != null) {
            return false;
        }
        Credential rejected = used.get(request);
        if (rejected == null) {
            rejected = credentials.current();
        }
        credentials.refreshAfterRejection(rejected);
        return true;
    }
}
