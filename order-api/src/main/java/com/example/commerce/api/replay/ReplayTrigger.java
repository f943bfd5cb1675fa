package com.example.commerce.api.replay;

import java.util.UUID;

/**
 * Tells indexer-fn that a replay job was recorded. Locally nothing needs telling: the indexer's poller finds the
 * job within about a second; on Lambda the replay function is invoked ({@link LambdaReplayTrigger}).
 */
public interface ReplayTrigger {

    void trigger(UUID jobId);
}
