package com.example.commerce.infra;

/** A real server process (or in-process server) owned by {@link EmbeddedInfrastructure}. */
interface EmbeddedServer extends AutoCloseable {

    /** A short name for messages, e.g. "PostgreSQL 14". */
    String displayName();

    /** Stops the server and removes its data; never throws. */
    @Override
    void close();
}
