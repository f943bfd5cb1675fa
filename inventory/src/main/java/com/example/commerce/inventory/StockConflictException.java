package com.example.commerce.inventory;

/**
 * A stock change refused because of what orders hold: setting on hand below what is reserved
 * ({@value #BELOW_RESERVED}), or untracking a product while some of it is reserved ({@value #RESERVED}).
 */
public class StockConflictException extends RuntimeException {

    public static final String BELOW_RESERVED = "stock-below-reserved";
    public static final String RESERVED = "stock-reserved";

    private final String reason;
    private final long productId;
    private final long reserved;

    StockConflictException(String reason, long productId, long reserved, String message) {
        super(message);
        this.reason = reason;
        this.productId = productId;
        this.reserved = reserved;
    }

    /** {@value #BELOW_RESERVED} or {@value #RESERVED}. */
    public String reason() {
        return reason;
    }

    public long productId() {
        return productId;
    }

    /** What orders hold of the product. */
    public long reserved() {
        return reserved;
    }
}
