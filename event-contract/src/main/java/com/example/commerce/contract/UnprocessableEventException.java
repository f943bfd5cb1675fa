package com.example.commerce.contract;

/**
 * The event can never be applied, however often it is retried (its payload is malformed, or applying it would
 * break a rule of the data such as a counter's range): a consumer dead-letters it and moves on.
 */
public class UnprocessableEventException extends RuntimeException {

    public UnprocessableEventException(String message) {
        super(message);
    }
}
