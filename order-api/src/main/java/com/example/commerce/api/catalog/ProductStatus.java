package com.example.commerce.api.catalog;

public enum ProductStatus {
    ACTIVE, INACTIVE
}
