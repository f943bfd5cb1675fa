package com.example.commerce.shared.event;

/** The record can never be processed, however often it is retried: a consumer parks or skips it, never retries. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }
}
