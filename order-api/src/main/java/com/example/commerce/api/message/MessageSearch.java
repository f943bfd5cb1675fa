package com.example.commerce.api.message;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.example.commerce.api.channel.ChannelService;
import com.example.commerce.api.error.ApiException;
import com.example.commerce.api.search.HtmlText;
import com.example.commerce.api.search.ProductSearch;
import com.example.commerce.messageindex.MessageDocument;
import com.example.commerce.messageindex.MessageIndex;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    private final ElasticsearchClient client;
    private final MessageIndex index;
    private final ChannelService channels;

    public MessageSearch(ElasticsearchClient client, MessageIndex index, ChannelService channels) {
        this.client = client;
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
            var response = client.search(request(query, scope), MessageDocument.class);
            var items = response.hits().hits().stream().map(MessageSearch::item).toList();
            long total = response.hits().total() == null ? items.size() : response.hits().total().value();
            return new MessageSearchResult(total, query.page(), query.size(), items);
        } catch (ElasticsearchException e) {
            if ("index_not_found_exception".equals(e.error().type())) {
                return new MessageSearchResult(0, query.page(), query.size(), List.of());
            }
            throw unavailable(e);
        } catch (IOException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    private SearchRequest request(Query query, List<Long> scope) {
        List<FieldValue> channelIds = scope.stream().map(FieldValue::of).toList();
        return SearchRequest.of(s -> {
            s.index(index.alias())
                    .query(q -> q.bool(b -> filters(b, query, channelIds)))
                    .from((query.page() - 1) * query.size())
                    .size(query.size())
                    .trackTotalHits(t -> t.enabled(true))
                    .timeout("2s")
                    .highlight(h -> {
                        h.encoder(HighlighterEncoder.Html) // escaped HTML around the tags
                                .fields("content", f -> f.preTags("<em>").postTags("</em>").numberOfFragments(0));
                        // As in product search: highlighting under the Korean analysis runs nori over every hit's
                        // text again, and a query without Korean or Hanja characters matches the same words under
                        // the standard analysis, which is highlighted.
                        if (ProductSearch.hasKorean(query.q())) {
                            h.fields(KOREAN_CONTENT, f -> f.preTags("<em>").postTags("</em>").numberOfFragments(0));
                        }
                        return h;
                    });
            if (query.order() == Order.RELEVANCE) {
                s.sort(o -> o.score(sc -> sc.order(SortOrder.Desc)));
            }
            // Newest first, and a stable order for equal scores.
            return s.sort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field("id").order(SortOrder.Desc)));
        });
    }

    private static BoolQuery.Builder filters(BoolQuery.Builder bool, Query query, List<FieldValue> channelIds) {
        bool.filter(f -> f.terms(t -> t.field("channelId").terms(v -> v.value(channelIds))));
        bool.filter(f -> f.term(t -> t.field("deleted").value(false)));
        if (query.q() != null) {
            // Every word must match under the standard analysis or under the Korean one (particles and endings
            // dropped, compounds split), as in product search. And as there, a query without Hangul or Hanja asks
            // the standard field only: both analyses split it alike, and the Korean group would match and score
            // the same messages a second time.
            List<String> fields = ProductSearch.hasKorean(query.q()) ? TEXT_FIELDS : STANDARD_TEXT_FIELDS;
            bool.must(m -> m.multiMatch(mm -> mm.fields(fields).query(query.q())
                    .type(TextQueryType.CrossFields).operator(Operator.And)));
        }
        if (query.authorId() != null) {
            bool.filter(f -> f.term(t -> t.field("authorId").value(query.authorId())));
        }
        if (query.from() != null || query.to() != null) {
            bool.filter(f -> f.range(r -> r.date(d -> {
                d.field("createdAt");
                if (query.from() != null) {
                    d.gte(query.from().toString());
                }
                if (query.to() != null) {
                    d.lte(query.to().toString());
                }
                return d;
            })));
        }
        return bool;
    }

    private static MessageSearchResult.Item item(Hit<MessageDocument> hit) {
        MessageDocument m = hit.source();
        String content = m.content() == null ? "" : m.content();
        List<String> highlighted = hit.highlight().get("content");
        if (highlighted == null || highlighted.isEmpty()) {
            highlighted = hit.highlight().get(KOREAN_CONTENT); // matched under the Korean analysis only
        }
        // Always escaped HTML: the highlighter escapes what it returns, and content it did not touch is escaped here.
        String html = highlighted == null || highlighted.isEmpty() ? HtmlText.escape(content) : highlighted.get(0);
        return new MessageSearchResult.Item(m.id(), m.channelId(), m.authorId(), content, html,
                Instant.parse(m.createdAt()), m.editedAt() == null ? null : Instant.parse(m.editedAt()),
                hit.score());
    }

    private static ApiException unavailable(Exception cause) {
        LOG.warn("Message search unavailable: {}", cause.toString());
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "search-unavailable",
                "Search is unavailable at the moment; try again shortly", Map.of());
    }
}
