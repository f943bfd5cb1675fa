package com.example.commerce.indexer;

/** The record can never be indexed, however often it is retried. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }
}
