package com.example.commerce.api.error;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of the real PostgreSQL that can be cut, as a crashed server would be: every open connection
 * is closed and new ones are refused until {@link #open()}. Same port throughout, like a restarted server.
 */
final class CuttableProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    CuttableProxy(String targetHost, int targetPort) {
        this.target = new InetSocketAddress(targetHost, targetPort);
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        open();
    }

    int port() {
        return port;
    }

    synchronized void open() {
        try {
            var server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = server;
            daemon("proxy-accept", () -> accept(server));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes every connection and stops listening: the client sees connections lost, then connections refused. */
    synchronized void cut() {
        close(listener);
        sockets.forEach(CuttableProxy::close);
        sockets.clear();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException closedOrRefused) {
                // The listener was closed by cut(), or the target refused: the client's socket goes with it.
            }
        }
    }

    private void pump(Socket from, Socket to) {
        daemon("proxy-pump", () -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException closed) {
                // cut() closed the pair.
            } finally {
                close(from);
                close(to);
            }
        });
    }

    private static void daemon(String name, Runnable task) {
        var thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        cut();
    }
}
