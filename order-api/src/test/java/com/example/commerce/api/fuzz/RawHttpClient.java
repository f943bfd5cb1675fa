package com.example.commerce.api.fuzz;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 over a plain socket, one connection per request ({@code Connection: close}). Unlike an HTTP client
 * library it sends exactly the bytes it is given: duplicated or missing headers, raw bytes in the request line and
 * headers, any body. It reads the status line, the headers and the body of the final answer.
 */
final class RawHttpClient implements AutoCloseable {

    /** How the body's end is announced. */
    enum Framing {
        /** {@code Content-Length} with the body's exact length. */
        LENGTH,
        /** {@code Transfer-Encoding: chunked}, in chunks of up to 8 KB. */
        CHUNKED,
        /** Neither header; only for empty bodies, or the server would read the body as the next request. */
        NONE
    }

    /** A header as sent; each char of the value is one byte (ISO-8859-1), so any byte can be expressed. */
    record Header(String name, String value) {
        static Header utf8(String name, String value) {
            return new Header(name, new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        }
    }

    /** A request as it goes on the wire; the target, like header values, is written byte per char. */
    record Request(String method, String target, List<Header> headers, byte[] body, Framing framing) {
        Request {
            if (framing == Framing.NONE && body.length > 0) {
                throw new IllegalArgumentException("a body needs a length or chunks");
            }
        }
    }

    /** The final answer (interim 1xx answers are skipped). */
    record Response(int status, String contentType, byte[] body) {
    }

    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final String host;
    private final int port;
    private final int readTimeoutMillis;
    /** Closes the socket of a request that outlives its deadline: socket writes have no timeout of their own. */
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "raw-http-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    RawHttpClient(String host, int port, int readTimeoutMillis) {
        this.host = host;
        this.port = port;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    Response send(Request request) throws IOException {
        try (Socket socket = new Socket()) {
            var deadline = watchdog.schedule(() -> closeQuietly(socket), 2L * readTimeoutMillis, TimeUnit.MILLISECONDS);
            try {
                socket.connect(new InetSocketAddress(host, port), readTimeoutMillis);
                socket.setSoTimeout(readTimeoutMillis);
                socket.setTcpNoDelay(true);
                IOException writeFailure = null;
                try {
                    write(request, socket.getOutputStream());
                } catch (IOException e) {
                    // The server may answer (413, 400) and close before it read the whole request: read the answer.
                    writeFailure = e;
                }
                try {
                    return read(new BufferedInputStream(socket.getInputStream()), request.method());
                } catch (IOException e) {
                    if (writeFailure != null) {
                        e.addSuppressed(writeFailure);
                    }
                    throw e;
                }
            } finally {
                deadline.cancel(false);
            }
        }
    }

    private void write(Request request, OutputStream socketOut) throws IOException {
        var head = new StringBuilder()
                .append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Connection: close\r\n");
        for (Header header : request.headers()) {
            head.append(header.name()).append(": ").append(header.value()).append("\r\n");
        }
        byte[] body = request.body();
        switch (request.framing()) {
            case LENGTH -> head.append("Content-Length: ").append(body.length).append("\r\n");
            case CHUNKED -> head.append("Transfer-Encoding: chunked\r\n");
            case NONE -> { }
        }
        head.append("\r\n");
        var out = new BufferedOutputStream(socketOut, 64 * 1024);
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (request.framing() == Framing.CHUNKED) {
            for (int offset = 0; offset < body.length; offset += 8192) {
                int length = Math.min(8192, body.length - offset);
                out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, offset, length);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            out.write(body);
        }
        out.flush();
    }

    private static Response read(InputStream in, String method) throws IOException {
        while (true) {
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.") || !statusLine[1].matches("\\d{3}")) {
                throw new IOException("not an HTTP status line: " + lines[0]);
            }
            int status = Integer.parseInt(statusLine[1]);
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            if (status >= 100 && status < 200) {
                continue;
            }
            byte[] body = readBody(in, method, status, headers);
            return new Response(status, headers.getOrDefault("content-type", ""), body);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException(head.size() == 0 ? "no answer: the connection closed"
                        : "the connection closed within the answer's headers");
            }
            head.write(b);
            if (head.size() > MAX_HEADER_BYTES) {
                throw new IOException("answer headers over " + MAX_HEADER_BYTES + " bytes");
            }
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1
                    : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1).stripTrailing();
    }

    private static byte[] readBody(InputStream in, String method, int status, Map<String, String> headers)
            throws IOException {
        if (method.equals("HEAD") || status == 204 || status == 304) {
            return new byte[0];
        }
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            var body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
                if (size == 0) {
                    return body.toByteArray();
                }
                if (body.size() + size > MAX_BODY_BYTES) {
                    throw new IOException("answer body over " + MAX_BODY_BYTES + " bytes");
                }
                body.write(in.readNBytes(size));
                readLine(in);
            }
        }
        String length = headers.get("content-length");
        if (length != null) {
            int expected = Integer.parseInt(length);
            byte[] body = in.readNBytes(Math.min(expected, MAX_BODY_BYTES));
            if (body.length < expected) {
                throw new IOException("answer body cut short: " + body.length + " of " + expected + " bytes");
            }
            return body;
        }
        return in.readNBytes(MAX_BODY_BYTES);
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed within a chunked body");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is how the deadline ends the request; the request reports the failure.
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
