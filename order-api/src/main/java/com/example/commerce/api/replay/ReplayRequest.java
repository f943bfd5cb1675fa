package com.example.commerce.api.replay;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code {"readModel": "messages" | "product-metrics"}} */
@Serdeable
public record ReplayRequest(@Nullable String readModel) {
}
