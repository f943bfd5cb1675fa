package com.example.commerce.indexer;

import com.example.commerce.consumer.EventBatchProcessor;
import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.Topics;
import com.example.commerce.indexer.activity.ActivityCounter;
import com.example.commerce.platform.trace.TraceLogContext;
import com.example.commerce.productindex.ProductDocument;
import com.example.commerce.productindex.ProductDocuments;
import com.example.commerce.productindex.ProductIndex;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * Keeps the product index and the product metrics current from catalog, order and stock-level events, a batch at
 * a time:
 * <ol>
 *   <li>metrics changes of events not seen before are applied, with their processed-event marks, in one database
 *       transaction, merged into one upsert per product in product id order ({@link ProductMetricsWriter}; a
 *       redelivered event changes no counter twice); events without metrics changes need no mark. A record that
 *       can never be applied (malformed, or refused as data, e.g. a counter out of range) goes to the dead-letter
 *       topic of its source topic ({@link IndexerDeadLetters}) and the batch goes on without it;</li>
 *   <li>every product the batch mentions is read back from PostgreSQL and written to Elasticsearch with bulk
 *       requests of at most {@code bulk-size} documents, versioned by the product's aggregate version, metrics revision
 *       and stock version. One bulk
 *       request is in flight at a time; the database reads of the next two chunks run while it is.</li>
 * </ol>
 * If Elasticsearch fails after the commit, the whole batch is processed again: the marks keep the counters right
 * and the documents are rebuilt from the database, so nothing is lost and nothing counted twice. Both adapters,
 * {@link IndexerListener} and {@link IndexerHandler}, call this service.
 */
@Singleton
public class IndexerService implements EventBatchProcessor {

    /** The consumer group, and the consumer name in processed_events. */
    public static final String CONSUMER = "search-indexer";
    private static final Logger LOG = LoggerFactory.getLogger(IndexerService.class);
    /**
     * Chunks read from PostgreSQL while one is written to Elasticsearch. Once a bulk request went out in one buffer
     * (VersionedBulk), reading a chunk took longer than writing one (BENCHMARKS.md); two reads run side by side.
     */
    private static final int READS_AHEAD = 2;

    private final IndexerEventParser parser;
    private final ProductMetricsWriter metricsWriter;
    private final IndexerDeadLetters deadLetters;
    private final ProductDocuments documents;
    private final ProductIndex index;
    private final IndexerConfiguration config;
    private final MessageIndexer messages;
    private final ActivityCounter activity;
    private final ExecutorService readers;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter skipped;
    private final Counter deadLettered;
    private final Counter indexed;
    private final Counter retries;
    private volatile boolean indexReady;

    IndexerService(IndexerEventParser parser, ProductMetricsWriter metricsWriter, IndexerDeadLetters deadLetters,
                   ProductDocuments documents, ProductIndex index, IndexerConfiguration config,
                   MessageIndexer messages, ActivityCounter activity, MeterRegistry meters,
                   @Named(TaskExecutors.BLOCKING) ExecutorService readers) {
        this.readers = readers;
        this.messages = messages;
        this.activity = activity;
        this.parser = parser;
        this.metricsWriter = metricsWriter;
        this.deadLetters = deadLetters;
        this.documents = documents;
        this.index = index;
        this.config = config;
        this.applied = events(meters, "applied");
        this.duplicates = events(meters, "duplicate");
        this.skipped = events(meters, "skipped");
        this.deadLettered = events(meters, "dead_lettered");
        this.indexed = Counter.builder("indexer.documents").description("Product documents written to the index")
                .register(meters);
        this.retries = Counter.builder("indexer.retries").description("Failed batches that will be retried")
                .register(meters);
    }

    private static Counter events(MeterRegistry meters, String outcome) {
        return Counter.builder("indexer.events").tag("outcome", outcome)
                .description("Catalog and order events consumed by the indexer, by outcome").register(meters);
    }

    @Override
    public String consumerName() {
        return CONSUMER;
    }

    /** On Lambda this service also indexes messages and counts activity ({@link #process}). */
    @Override
    public Set<String> consumerNames() {
        return Set.of(CONSUMER, MessageIndexer.CONSUMER, ActivityCounter.CONSUMER);
    }

    /**
     * One attempt at a batch. Records that can never be applied (malformed, or refused as data) are dead-lettered
     * and the rest of the batch goes on. Throws if the batch could not be completed now; it must then be retried,
     * never skipped (the local consumer seeks back to the batch after {@code commerce.consumer.retry-delay}; on
     * Lambda the invocation fails and the trigger retries it). A retried batch may dead-letter a record again: dead
     * letters are at least once, like every delivery here.
     */
    @Override
    public void process(List<IncomingEvent> batch) {
        // On Lambda the trigger on platform.users.activity invokes this handler too: its records are counted.
        if (batch.stream().anyMatch(record -> Topics.USER_ACTIVITY.equals(record.topic()))) {
            activity.processTriggered(batch.stream().filter(r -> Topics.USER_ACTIVITY.equals(r.topic())).toList());
            batch = batch.stream().filter(record -> !Topics.USER_ACTIVITY.equals(record.topic())).toList();
            if (batch.isEmpty()) {
                return;
            }
        }
        // On Lambda the trigger on platform.messages invokes this handler too: its records go to the message index.
        var products = batch.stream().filter(record -> !Topics.MESSAGES.equals(record.topic())).toList();
        if (products.size() < batch.size()) {
            messages.process(batch.stream().filter(record -> Topics.MESSAGES.equals(record.topic())).toList());
            if (products.isEmpty()) {
                return;
            }
        }
        try {
            attempt(products);
        } catch (RuntimeException e) {
            retries.increment();
            LOG.warn("Batch of {} events not indexed, to be retried: {}", batch.size(), e.toString());
            throw e;
        }
    }

    private void attempt(List<IncomingEvent> batch) {
        var events = new ArrayList<IndexerEvent>();
        var withChanges = new ArrayList<ProductMetricsWriter.Parsed>();
        for (IncomingEvent record : batch) {
            try (var trace = TraceLogContext.open(record.trace())) {
                parser.parse(record.topic(), record.value()).ifPresentOrElse(event -> {
                    events.add(event);
                    if (!event.changes().isEmpty()) {
                        withChanges.add(new ProductMetricsWriter.Parsed(record, event));
                    }
                }, skipped::increment);
            } catch (MalformedEventException e) {
                deadLetter(record, e.getMessage());
            }
        }
        if (events.isEmpty()) {
            return;
        }
        var outcome = metricsWriter.apply(withChanges);
        outcome.refused().forEach(refused -> deadLetter(refused.record(), refused.cause()));
        // Rewriting a document from the database is idempotent by itself: only counters need a mark.
        applied.increment(events.size() - withChanges.size() + outcome.applied());
        duplicates.increment(outcome.duplicates());
        var products = new ArrayList<Long>(new LinkedHashSet<>(events.stream()
                .flatMap(event -> event.products().stream()).toList()));
        ensureIndex();
        write(products);
    }

    /**
     * The hot path of a batch of product events with nothing kept, for the SnapStart priming ({@link IndexerPriming}):
     * the records are parsed as {@link #process} parses them; their marks and metric changes are written with the
     * same statements in a transaction that is rolled back ({@link ProductMetricsWriter#rehearse}); their products'
     * documents are read from PostgreSQL as {@code process} reads them (one existing product's if theirs do not
     * exist, or a document made up here if no product exists), and the bulk request that would write them is built
     * and serialized but not sent ({@link ProductIndex#rehearseWrite}, which also counts the alias's documents: a
     * read). Counts nothing, never dead-letters and never creates or changes an index (not even
     * {@link ProductIndex#ensureExists}, which the first real batch still runs): a record that would be skipped or
     * dead-lettered fails the rehearsal instead, as does any refusal.
     *
     * @return the number of events whose metric changes would have been applied
     */
    int rehearse(List<IncomingEvent> batch) {
        var events = new ArrayList<IndexerEvent>();
        var withChanges = new ArrayList<ProductMetricsWriter.Parsed>();
        for (IncomingEvent record : batch) {
            IndexerEvent event = parser.parse(record.topic(), record.value()).orElseThrow(
                    () -> new IllegalArgumentException("record " + record.position() + " does not concern search"));
            events.add(event);
            if (!event.changes().isEmpty()) {
                withChanges.add(new ProductMetricsWriter.Parsed(record, event));
            }
        }
        int applied = metricsWriter.rehearse(withChanges);
        var products = new ArrayList<Long>(new LinkedHashSet<>(events.stream()
                .flatMap(event -> event.products().stream()).toList()));
        List<ProductDocument> read = await(read(products, 0, config.bulkSize()));
        if (read.isEmpty()) {
            read = documents.after(0, 1);
        }
        if (read.isEmpty()) {
            String now = Instant.now().toString();
            read = List.of(new ProductDocument(products.get(0), "priming", "a document that is never sent", "priming",
                    "priming", 1, ProductDocument.ACTIVE, now, now, 0, 0, 0, 0, 1, 0, null, 0));
        }
        index.rehearseWrite(read);
        return applied;
    }

    private void deadLetter(IncomingEvent record, String cause) {
        try (var trace = TraceLogContext.open(record.trace())) {
            LOG.warn("Dead-lettering record {} that can never be applied: {}", record.position(), cause);
            deadLetters.publish(record, cause);
        }
        deadLettered.increment();
    }

    private void write(List<Long> products) {
        int size = config.bulkSize();
        var reads = new ArrayDeque<CompletableFuture<List<ProductDocument>>>();
        int unread = 0;
        for (int from = 0; from < products.size(); from += size) {
            while (reads.size() <= READS_AHEAD && unread < products.size()) {
                reads.add(read(products, unread, size));
                unread += size;
            }
            List<ProductDocument> current = await(reads.remove());
            index.write(current);
            indexed.increment(current.size());
        }
    }

    private CompletableFuture<List<ProductDocument>> read(List<Long> products, int from, int size) {
        var chunk = products.subList(from, Math.min(products.size(), from + size));
        return CompletableFuture.supplyAsync(() -> documents.byIds(chunk), readers);
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void ensureIndex() {
        if (!indexReady) {
            index.ensureExists();
            indexReady = true;
        }
    }

}
