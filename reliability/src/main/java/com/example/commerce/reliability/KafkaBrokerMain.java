package com.example.commerce.reliability;

import com.example.commerce.infra.EmbeddedKafkaBroker;

import java.nio.file.Path;

/**
 * The Kafka broker of the harness, in a process of its own so that the harness can kill it. Arguments: log
 * directory, broker port, controller port. A restart with the same arguments recovers the same data.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        var broker = EmbeddedKafkaBroker.startAt(Path.of(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]));
        System.out.println("broker ready at " + broker.bootstrapServers());
        Thread.currentThread().join();
    }
}
