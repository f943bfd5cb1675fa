package com.example.commerce.elasticsearch;

/**
 * An answer of Elasticsearch with an error status: its HTTP status and the error's {@code type} (such as
 * {@code index_not_found_exception}) and {@code reason}.
 */
public class ElasticsearchError extends RuntimeException {

    private final int status;
    private final String type;
    private final String reason;

    public ElasticsearchError(int status, String type, String reason) {
        super(status + " " + type + ": " + reason);
        this.status = status;
        this.type = type;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String reason() {
        return reason;
    }

    public boolean isIndexNotFound() {
        return "index_not_found_exception".equals(type);
    }
}
