package io.provenant.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples resident memory (VmRSS, /proc/PID/status) of the app and of the Neo4j child JVM every 200 ms, keeps the
 * peak per phase and a series during the API ingest; and reads CPU time (utime + stime, /proc/PID/stat) of the app,
 * Neo4j and PostgreSQL (postmaster and its backends) so a phase's CPU can be split by process.
 */
final class ProcessSampler implements AutoCloseable {

    record Sample(double seconds, long appKb, long neo4jKb) {
    }

    private final long appPid;
    private final long neo4jPid;
    private final Thread thread;
    private final long started = System.nanoTime();
    private final ConcurrentHashMap<String, long[]> peaks = new ConcurrentHashMap<>();
    private final List<Sample> series = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile String phase = "start";
    private volatile boolean recordSeries;
    private final AtomicLong samples = new AtomicLong();

    ProcessSampler(long appPid, long neo4jPid) {
        this.appPid = appPid;
        this.neo4jPid = neo4jPid;
        this.thread = new Thread(this::run, "rss-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    void phase(String name, boolean series) {
        this.phase = name;
        this.recordSeries = series;
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            long app = status(appPid, "VmRSS");
            long neo = status(neo4jPid, "VmRSS");
            peaks.compute(phase, (k, v) -> v == null ? new long[] {app, neo} : new long[] {Math.max(v[0], app), Math.max(v[1], neo)});
            if (recordSeries) {
                series.add(new Sample((System.nanoTime() - started) / 1e9, app, neo));
            }
            samples.incrementAndGet();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** {appKb, neo4jKb} peak during a phase. */
    long[] peak(String phase) {
        return peaks.getOrDefault(phase, new long[] {0, 0});
    }

    List<Sample> series() {
        synchronized (series) {
            return new ArrayList<>(series);
        }
    }

    /** A /proc/PID/status field in kB (VmRSS, VmHWM), or 0. */
    static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    /** CPU seconds (utime + stime, and with children: + cutime + cstime) of a process. */
    static double cpuSeconds(long pid, boolean withChildren) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": field 3 is index 0; utime = field 14 → index 11
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (withChildren) {
                ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return ticks / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU seconds (utime + stime) of a JVM's JIT compiler threads (named "C1 CompilerThread…", "C2 CompilerThread…"). */
    static double compilerCpuSeconds(long pid) {
        double total = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended
                }
            }
        } catch (IOException e) {
            // no /proc
        }
        return total;
    }

    /** CPU seconds of PostgreSQL: the postmaster (with exited children) plus its live backends. */
    static double postgresCpuSeconds(long postmaster) {
        if (postmaster <= 0) {
            return 0;
        }
        double total = cpuSeconds(postmaster, true);
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(f[1]) == postmaster) {
                        total += cpuSeconds(Long.parseLong(name), false);
                    }
                } catch (IOException | RuntimeException e) {
                    // gone
                }
            }
        } catch (IOException e) {
            // no /proc
        }
        return total;
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
