package com.example.commerce.contract;

/** The record is not an event a consumer can read: it can never be processed, however often it is retried. */
public class MalformedEventException extends UnprocessableEventException {

    public MalformedEventException(String message) {
        super(message);
    }
}
