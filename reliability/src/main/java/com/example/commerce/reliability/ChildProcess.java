package com.example.commerce.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own on the harness's classpath, so that it can be killed ({@code SIGKILL}) as a crash would kill it
 * and started again with the same arguments. Its output is appended to a log file.
 */
final class ChildProcess {

    private final String name;
    private final List<String> command;
    private final Path log;
    private Process process;

    ChildProcess(String name, String mainClass, Map<String, String> systemProperties, List<String> args,
                 String heap, Path log) {
        this.name = name;
        this.log = log;
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        // Six JVMs share two cores here: the serial collector keeps each one's GC threads to one.
        command.add("-XX:+UseSerialGC");
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        this.command = List.copyOf(command);
    }

    String name() {
        return name;
    }

    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        try {
            var builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** SIGKILL: no shutdown hook, no graceful close of consumers or producers. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: the process keeps its sockets open but answers nothing, as a stalled server would. */
    synchronized void freeze() {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}: the process carries on where it stopped. */
    synchronized void thaw() {
        signal("CONT");
    }

    private void signal(String signal) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, for the end of the run: shutdown hooks close clients properly. */
    synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    Path log() {
        return log;
    }
}
