package com.example.commerce.api.lambda;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.crac.OrderedResource;
import io.micronaut.crac.resources.NettyEmbeddedServerResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;

/**
 * On Lambda, takes the place of micronaut-crac's resource for the Netty server, which starts that server after every
 * SnapStart restore. The jar carries Netty's server for the local run; on Lambda, API Gateway's events reach the
 * controllers through the handler, and a server started after a restore would only cost time and threads (and make
 * request host resolution use its port).
 */
@Singleton
@Requires(env = Environment.FUNCTION)
@Replaces(NettyEmbeddedServerResource.class)
class NoServerAfterRestore implements OrderedResource {

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        // The server never started on Lambda: nothing to stop.
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nor anything to start.
    }
}
