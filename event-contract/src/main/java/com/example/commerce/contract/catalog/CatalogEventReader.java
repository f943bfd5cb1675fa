package com.example.commerce.contract.catalog;

import com.example.commerce.contract.ConsumedEvent;
import com.example.commerce.contract.EventReader;
import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.Upcaster;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.util.List;
import java.util.Optional;

import static com.example.commerce.contract.EventJson.integer;
import static com.example.commerce.contract.EventJson.optionalText;
import static com.example.commerce.contract.EventReader.optionalInstant;
import static com.example.commerce.contract.EventReader.optionalLong;
import static com.example.commerce.contract.EventReader.optionalString;

/** Reads the records of topic catalog-events (see {@link EventReader} for what it tolerates). */
public final class CatalogEventReader {

    /** Upcasters of catalog events, one per type and version step. */
    public static final List<Upcaster> UPCASTERS = List.of(new ViewCountUpcaster());

    private final EventReader<CatalogEventType, CatalogPayload> reader;

    public CatalogEventReader(JsonMapper json) {
        this.reader = new EventReader<>(json, List.of(CatalogEventType.values()), UPCASTERS,
                CatalogEventReader::payload);
    }

    /**
     * @return the event, or empty if its type is not a catalog event type
     * @throws MalformedEventException if the record can never be read
     */
    public Optional<ConsumedEvent<CatalogEventType, CatalogPayload>> read(@Nullable byte[] value) {
        return reader.read(value);
    }

    private static CatalogPayload payload(CatalogEventType type, JsonNode payload) {
        long productId = integer(payload, "productId", 1);
        return switch (type) {
            case PRODUCT_CREATED, PRODUCT_UPDATED, PRODUCT_DELETED -> new ProductPayload(productId,
                    optionalText(payload, "name"), optionalString(payload, "description"),
                    optionalText(payload, "category"), optionalText(payload, "brand"),
                    optionalLong(payload, "price", 0), optionalText(payload, "status"),
                    optionalInstant(payload, "createdAt"), optionalInstant(payload, "updatedAt"));
            case PRODUCT_LIKED, PRODUCT_UNLIKED -> new LikePayload(productId, optionalLong(payload, "userId", 1));
            case PRODUCT_VIEWED -> new ViewPayload(productId, optionalLong(payload, "userId", 1),
                    integer(payload, "count", 1));
        };
    }
}
