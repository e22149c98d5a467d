package io.mailsync.testkit;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The JDK HTTP server the test kit's fakes run on: bound to a free port of the loopback address, with TCP_NODELAY.
 * Without it the JDK server sends a response's headers and body as two segments and Nagle's algorithm holds the body
 * until the client's delayed ACK (up to 40 ms on Linux loopback): a stall on every response that no real service
 * has and that would dominate every latency measured against a fake. The JDK reads the switch
 * ({@code sun.net.httpserver.nodelay}) once per JVM, so it is set before the first server starts, unless the JVM was
 * started with it set either way.
 */
public final class LoopbackHttp {

    private LoopbackHttp() {
    }

    /** A new, not yet started server on a free loopback port. */
    public static HttpServer create(int backlog) throws IOException {
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
    }
}
