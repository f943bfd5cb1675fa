package com.example.commerce.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the working directories the embedded servers leave (data, logs, unpacked distributions). */
final class Directories {

    private Directories() {
    }

    /** Deletes {@code root} and everything below it, as far as it can; what it cannot delete, it leaves. */
    static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // Left for the OS to clean with the rest of the temporary directory.
                }
            });
        } catch (IOException ignored) {
            // Same as above.
        }
    }
}
