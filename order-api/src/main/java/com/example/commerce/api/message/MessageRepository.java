package com.example.commerce.api.message;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface MessageRepository extends CrudRepository<Message, Long> {

    /** A channel's messages older than the cursor (ids grow with every post), newest first. */
    @Query("SELECT * FROM messages WHERE channel_id = :channelId AND id < :before ORDER BY id DESC LIMIT :size")
    List<Message> findPage(long channelId, long before, int size);

    @Query("SELECT * FROM messages WHERE id = :id FOR UPDATE")
    Optional<Message> findByIdForUpdate(long id);

    @Query("UPDATE messages SET content = :content, mentions = :mentions, edited_at = :editedAt WHERE id = :id")
    int updateContent(long id, String content, String mentions, java.time.Instant editedAt);
}
