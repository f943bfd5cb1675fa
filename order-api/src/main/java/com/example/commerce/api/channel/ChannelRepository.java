package com.example.commerce.api.channel;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ChannelRepository extends CrudRepository<Channel, Long> {

    /**
     * Locks the channel: its changes (messages, members) are applied one after the other, each the next version,
     * so the versions of its events follow the order of their commits.
     */
    @Query("SELECT * FROM channels WHERE id = :id FOR UPDATE")
    Optional<Channel> findByIdForUpdate(long id);

    @Query("UPDATE channels SET version = :version WHERE id = :id")
    int updateVersion(long id, long version);

    /** The user's channels and the public ones, oldest first. */
    @Query(value = """
            SELECT * FROM channels c WHERE NOT c.is_private
               OR EXISTS (SELECT 1 FROM channel_members m WHERE m.channel_id = c.id AND m.user_id = :userId)
            ORDER BY c.id""",
            countQuery = """
            SELECT count(*) FROM channels c WHERE NOT c.is_private
               OR EXISTS (SELECT 1 FROM channel_members m WHERE m.channel_id = c.id AND m.user_id = :userId)""")
    Page<Channel> findVisibleTo(long userId, Pageable pageable);

    @Query("SELECT EXISTS (SELECT 1 FROM channel_members WHERE channel_id = :channelId AND user_id = :userId)")
    boolean isMember(long channelId, long userId);

    /** Of {@code channelIds}, those the user is a member of. */
    @Query("SELECT channel_id FROM channel_members WHERE user_id = :userId AND channel_id IN (:channelIds)")
    List<Long> memberOf(long userId, Collection<Long> channelIds);

    /** Every channel the user is a member of now: what message search may show them. */
    @Query("SELECT channel_id FROM channel_members WHERE user_id = :userId ORDER BY channel_id")
    List<Long> channelIdsOf(long userId);

    /** @return 1 if the user became a member, 0 if they already were */
    @Query("INSERT INTO channel_members (channel_id, user_id) VALUES (:channelId, :userId) ON CONFLICT DO NOTHING")
    int insertMember(long channelId, long userId);

    /** @return 1 if the user was a member and is no longer, 0 if they were not */
    @Query("DELETE FROM channel_members WHERE channel_id = :channelId AND user_id = :userId")
    int deleteMember(long channelId, long userId);
}
