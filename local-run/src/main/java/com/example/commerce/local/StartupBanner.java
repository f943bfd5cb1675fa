package com.example.commerce.local;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the developer where the system listens and which servers it talks to. */
@Singleton
@Requires(env = LocalApplication.LOCAL)
class StartupBanner {

    private static final Logger LOG = LoggerFactory.getLogger(StartupBanner.class);

    private final Environment environment;

    StartupBanner(Environment environment) {
        this.environment = environment;
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        String url = event.getSource().getURL().toString();
        LOG.info("""

                  Commerce system listening on {}
                    health:        {}/health
                    console:       {}/console/ (log in as an administrator)
                    PostgreSQL:    {}
                    Kafka:         {}
                    Elasticsearch: {}
                  Ctrl-C stops everything.""",
                url, url, url,
                property("datasources.default.url"),
                property("kafka.bootstrap.servers"),
                property("elasticsearch.http-hosts"));
    }

    private String property(String name) {
        return environment.getProperty(name, String.class).orElse("(not configured)");
    }
}
