package com.example.commerce.api.message;

import com.example.commerce.api.channel.ChannelService;
import com.example.commerce.api.error.ApiException;
import com.example.commerce.api.search.HtmlText;
import com.example.commerce.api.search.ProductSearch;
import com.example.commerce.elasticsearch.ElasticsearchApi;
import com.example.commerce.elasticsearch.ElasticsearchError;
import com.example.commerce.messageindex.MessageDocument;
import com.example.commerce.messageindex.MessageIndex;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static com.example.commerce.elasticsearch.ElasticsearchApi.elements;
import static com.example.commerce.elasticsearch.ElasticsearchApi.object;

/**
 * Message search on the read side (the messages index, kept by indexer-fn from platform.messages). Membership is
 * enforced inside the query: the caller's channels are read from PostgreSQL at every search (the write side, so a
 * channel left a moment ago is already out) and are a terms filter of the query itself, never a filter applied to
 * its results. Deleted messages are never shown.
 */
@Singleton
public class MessageSearch {

    /** The message text under the Korean analysis (message-index.json's {@code content.ko}). */
    private static final String KOREAN_CONTENT = "content.ko";
    private static final List<String> TEXT_FIELDS = List.of("content", KOREAN_CONTENT);
    private static final List<String> STANDARD_TEXT_FIELDS = List.of("content");

    /** Elasticsearch's default window: from + size beyond it is refused. */
    private static final int MAX_WINDOW = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(MessageSearch.class);

    public enum Order { NEWEST, RELEVANCE }

    /** What the caller asks for, validated. */
    public record Query(@Nullable String q, @Nullable Long channelId, @Nullable Long authorId, @Nullable Instant from,
                        @Nullable Instant to, Order order, int page, int size) {

        public static Query of(@Nullable String q, @Nullable Long channelId, @Nullable Long authorId,
                               @Nullable String from, @Nullable String to, @Nullable String sort, int page, int size) {
            if (page < 1) {
                throw ApiException.badRequest("invalid-page", "page must be 1 or more", Map.of("field", "page"));
            }
            if (size < 1 || size > MessageService.MAX_PAGE) {
                throw ApiException.badRequest("invalid-page-size", "size must be between 1 and "
                        + MessageService.MAX_PAGE, Map.of("field", "size"));
            }
            if ((long) page * size > MAX_WINDOW) {
                throw ApiException.badRequest("invalid-page", "page * size must be at most " + MAX_WINDOW,
                        Map.of("field", "page"));
            }
            String text = q == null || q.isBlank() ? null : q.strip();
            if (text != null && text.length() > 200) {
                throw ApiException.badRequest("invalid-query", "q must be at most 200 characters",
                        Map.of("field", "q"));
            }
            Order order;
            if (sort == null || sort.isBlank()) {
                order = text == null ? Order.NEWEST : Order.RELEVANCE;
            } else {
                try {
                    order = Order.valueOf(sort.strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("invalid-sort", "sort must be newest or relevance",
                            Map.of("field", "sort"));
                }
            }
            Instant start = instant(from, "from");
            Instant end = instant(to, "to");
            return new Query(text, channelId, authorId, start, end, order, page, size);
        }

        private static Instant instant(@Nullable String value, String field) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return Instant.parse(value.strip());
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("invalid-" + field, field + " must be an ISO-8601 instant such as "
                        + "2026-11-21T10:00:00Z", Map.of("field", field));
            }
        }
    }

    /** The highlighted text is the whole field (no fragments), HTML-escaped around the tags. */
    private static final Map<String, Object> WHOLE_FIELD = object("pre_tags", List.of("<em>"),
            "post_tags", List.of("</em>"), "number_of_fragments", 0);

    private final ElasticsearchApi elasticsearch;
    private final MessageIndex index;
    private final ChannelService channels;

    public MessageSearch(ElasticsearchApi elasticsearch, MessageIndex index, ChannelService channels) {
        this.elasticsearch = elasticsearch;
        this.index = index;
        this.channels = channels;
    }

    public MessageSearchResult search(long userId, Query query) {
        List<Long> scope;
        if (query.channelId() != null) {
            // One channel: the caller must belong to it (403, or 404 for a private one), as for reading it.
            channels.readAsMember(query.channelId(), userId);
            scope = List.of(query.channelId());
        } else {
            scope = channels.channelIdsOf(userId);
        }
        if (scope.isEmpty()) {
            return new MessageSearchResult(0, query.page(), query.size(), List.of());
        }
        try {
            JsonNode hits = elasticsearch.send(elasticsearch.request("POST", "/" + index.alias() + "/_search",
                    request(query, scope))).get("hits");
            var items = elements(hits, "hits").stream().map(this::item).toList();
            JsonNode total = hits.get("total");
            return new MessageSearchResult(total == null ? items.size() : total.get("value").getLongValue(),
                    query.page(), query.size(), items);
        } catch (ElasticsearchError e) {
            if (e.isIndexNotFound()) {
                return new MessageSearchResult(0, query.page(), query.size(), List.of());
            }
            throw unavailable(e);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    private static Map<String, Object> request(Query query, List<Long> scope) {
        var fields = object("content", WHOLE_FIELD);
        // As in product search: highlighting under the Korean analysis runs nori over every hit's text again, and a
        // query without Korean or Hanja characters matches the same words under the standard analysis, which is
        // highlighted.
        if (ProductSearch.hasKorean(query.q())) {
            fields.put(KOREAN_CONTENT, WHOLE_FIELD);
        }
        var sort = new ArrayList<Object>();
        if (query.order() == Order.RELEVANCE) {
            sort.add(object("_score", object("order", "desc")));
        }
        // Newest first, and a stable order for equal scores.
        sort.add(object("createdAt", object("order", "desc")));
        sort.add(object("id", object("order", "desc")));
        return object(
                "query", filters(query, scope),
                "from", (query.page() - 1) * query.size(),
                "size", query.size(),
                "track_total_hits", true,
                "timeout", "2s",
                "highlight", object("encoder", "html", "fields", fields),
                "sort", sort);
    }

    private static Map<String, Object> filters(Query query, List<Long> channelIds) {
        var filter = new ArrayList<Object>();
        var bool = object("filter", filter);
        filter.add(object("terms", object("channelId", channelIds)));
        filter.add(object("term", object("deleted", false)));
        if (query.q() != null) {
            // Every word must match under the standard analysis or under the Korean one (particles and endings
            // dropped, compounds split), as in product search. And as there, a query without Hangul or Hanja asks
            // the standard field only: both analyses split it alike, and the Korean group would match and score
            // the same messages a second time.
            List<String> fields = ProductSearch.hasKorean(query.q()) ? TEXT_FIELDS : STANDARD_TEXT_FIELDS;
            bool.put("must", List.of(object("multi_match", object("fields", fields, "query", query.q(),
                    "type", "cross_fields", "operator", "and"))));
        }
        if (query.authorId() != null) {
            filter.add(object("term", object("authorId", query.authorId())));
        }
        if (query.from() != null || query.to() != null) {
            var range = object();
            if (query.from() != null) {
                range.put("gte", query.from().toString());
            }
            if (query.to() != null) {
                range.put("lte", query.to().toString());
            }
            filter.add(object("range", object("createdAt", range)));
        }
        return object("bool", bool);
    }

    private MessageSearchResult.Item item(JsonNode hit) {
        MessageDocument m = elasticsearch.read(hit.get("_source"), MessageDocument.class);
        String content = m.content() == null ? "" : m.content();
        String highlighted = ElasticsearchApi.firstHighlight(hit, "content");
        if (highlighted == null) {
            highlighted = ElasticsearchApi.firstHighlight(hit, KOREAN_CONTENT); // matched under the Korean analysis only
        }
        // Always escaped HTML: the highlighter escapes what it returns, and content it did not touch is escaped here.
        String html = highlighted == null ? HtmlText.escape(content) : highlighted;
        JsonNode score = hit.get("_score");
        return new MessageSearchResult.Item(m.id(), m.channelId(), m.authorId(), content, html,
                Instant.parse(m.createdAt()), m.editedAt() == null ? null : Instant.parse(m.editedAt()),
                score != null && score.isNumber() ? score.getDoubleValue() : null);
    }

    private static ApiException unavailable(Exception cause) {
        LOG.warn("Message search unavailable: {}", cause.toString());
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "search-unavailable",
                "Search is unavailable at the moment; try again shortly", Map.of());
    }
}
