package io.mailsync.graph.internal;

import com.microsoft.graph.core.requests.BaseGraphRequestAdapter;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestOption;
import com.microsoft.kiota.authentication.AnonymousAuthenticationProvider;
import com.microsoft.kiota.http.ObservabilityOptions;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import io.mailsync.core.AccountId;
import io.mailsync.core.AuthenticationRequiredException;
import io.mailsync.core.spi.Credential;
import io.mailsync.core.spi.Credentials;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Builds one mailbox's Graph client: the SDK's OkHttp client from {@link GraphClientFactory} (so its
 * {@code UrlReplaceHandler} maps {@code /users/TokenToReplace} to {@code /me} and its retry handler waits out short
 * throttling), plus two interceptors of ours: a bulkhead of at most N concurrent requests per mailbox and the bearer
 * token from the account's {@link Credentials}, refreshed once after a 401.
 */
public final class GraphHttp {

    /** The path segment the SDK's UrlReplaceHandler turns into {@code /me}. */
    public static final String ME = "TokenToReplace";

    private GraphHttp() {
    }

    /** An SDK client for one mailbox, against {@code baseUrl}. */
    public static GraphServiceClient client(OkHttpClient http, String baseUrl) {
        BaseGraphRequestAdapter adapter = new BaseGraphRequestAdapter(new AnonymousAuthenticationProvider(),
                BaseGraphRequestAdapter.Clouds.GLOBAL_CLOUD, "v1.0", http);
        adapter.setBaseUrl(baseUrl);
        return new GraphServiceClient(adapter);
    }

    /**
     * A request sent through the SDK's pipeline without the SDK's request adapter. It carries the observability
     * options the adapter would add: Kiota's retry handler needs them to wait out a 429 (without them it fails).
     */
    public static Request.Builder request(String url) {
        return new Request.Builder().url(url).tag(ObservabilityOptions.class, new ObservabilityOptions());
    }

    /** The OkHttp client of one mailbox. */
    public static OkHttpClient okHttp(AccountId accountId, Credentials credentials, int maxConcurrent,
                                      Duration maxInlineRetryDelay, Duration timeout) {
        RetryHandlerOption retry = new RetryHandlerOption(
                (delayMillis, attempt, request, response) -> attempt <= 3
                        && delayMillis <= maxInlineRetryDelay.toMillis(), 3, 1);
        List<Interceptor> interceptors = new ArrayList<>(Arrays.asList(
                GraphClientFactory.createDefaultGraphInterceptors(new RequestOption[]{retry})));
        interceptors.add(new Bulkhead(new Semaphore(maxConcurrent, true), timeout));
        interceptors.add(new BearerToken(accountId, credentials));
        return GraphClientFactory.create(interceptors.toArray(new Interceptor[0]))
                .callTimeout(timeout.multipliedBy(2)).readTimeout(timeout).build();
    }

    /** At most N requests of the mailbox in flight (Graph allows 4 per app and mailbox). */
    private record Bulkhead(Semaphore permits, Duration timeout) implements Interceptor {
        @Override
        public Response intercept(Chain chain) throws IOException {
            try {
                if (!permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IOException("no request slot of the mailbox became free within " + timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted waiting for a request slot");
            }
            try {
                return chain.proceed(chain.request());
            } finally {
                permits.release();
            }
        }
    }

    /** Adds the account's bearer token; after a 401 refreshes it once and retries. */
    private record BearerToken(AccountId accountId, Credentials credentials) implements Interceptor {
        @Override
        public Response intercept(Chain chain) throws IOException {
            Request request = chain.request();
            Credential used = credential(null);
            Response response = chain.proceed(withToken(request, used));
            if (response.code() != 401) {
                return response;
            }
            response.close();
            Credential fresh = credential(used);
            return chain.proceed(withToken(request, fresh));
        }

        private Credential credential(Credential rejected) throws IOException {
            try {
                return rejected == null ? credentials.current() : credentials.refreshAfterRejection(rejected);
            } catch (AuthenticationRequiredException e) {
                throw new AuthenticationFailure(e);
            }
        }

        private static Request withToken(Request request, Credential credential) {
            return request.newBuilder().header("Authorization", "Bearer " + credential.secret()).build();
        }
    }

    /** Carries an {@link AuthenticationRequiredException} through OkHttp, which only lets IOExceptions out. */
    public static final class AuthenticationFailure extends IOException {
        private final transient AuthenticationRequiredException cause;

        AuthenticationFailure(AuthenticationRequiredException cause) {
            super(cause.getMessage(), cause);
            this.cause = cause;
        }

        /** The refresh failure. */
        public AuthenticationRequiredException authentication() {
            return cause;
        }
    }
}
