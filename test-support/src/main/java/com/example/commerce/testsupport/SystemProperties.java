package com.example.commerce.testsupport;

import java.util.HashMap;
import java.util.Map;

/**
 * System properties set for a while, then removed: how a test hands configuration to a Lambda handler's
 * no-argument constructor, which reads it as it reads the function's environment when deployed.
 */
public final class SystemProperties implements AutoCloseable {

    private final Map<String, String> values;

    private SystemProperties(Map<String, String> values) {
        this.values = Map.copyOf(values);
        this.values.forEach(System::setProperty);
    }

    public static SystemProperties set(Map<String, String> values) {
        return new SystemProperties(values);
    }

    /** The test configuration (environment "test": the embedded servers, test secrets), plus {@code values}. */
    public static SystemProperties testEnvironment(Map<String, String> values) {
        var all = new HashMap<>(values);
        all.put("micronaut.environments", "test");
        return new SystemProperties(all);
    }

    public static SystemProperties testEnvironment() {
        return testEnvironment(Map.of());
    }

    @Override
    public void close() {
        values.keySet().forEach(System::clearProperty);
    }
}
