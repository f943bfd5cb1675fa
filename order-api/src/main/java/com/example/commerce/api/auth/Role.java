package com.example.commerce.api.auth;

public enum Role {
    USER, ADMIN
}
