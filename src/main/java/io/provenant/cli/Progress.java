package io.provenant.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * A progress bar on stderr: lines done of the total, rate, ETA and what the server reported. On a terminal it redraws
 * one line (carriage return); otherwise (a log file, CI) it prints a plain line every few seconds.
 */
final class Progress {

    private static final long PLAIN_EVERY_NANOS = Duration.ofSeconds(5).toNanos();
    private static final long REDRAW_EVERY_NANOS = Duration.ofMillis(200).toNanos();

    private final PrintWriter err;
    private final long total;
    private final long alreadyDone;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastPrinted;
    private boolean printedAny;

    Progress(PrintWriter err, long total, long alreadyDone, boolean terminal) {
        this.err = err;
        this.total = total;
        this.alreadyDone = alreadyDone;
        this.terminal = terminal;
    }

    void update(long done, long created, long unchanged, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastPrinted < (terminal ? REDRAW_EVERY_NANOS : PLAIN_EVERY_NANOS)) {
            return;
        }
        lastPrinted = now;
        printedAny = true;
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        double rate = (done - alreadyDone) / seconds;
        long left = Math.max(0, total - done);
        String eta = rate <= 0 ? "--:--" : clock((long) Math.ceil(left / rate));
        int percent = total == 0 ? 100 : (int) (100 * done / total);
        int width = 24;
        int filled = total == 0 ? width : (int) (width * done / total);
        String bar = "[" + "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "") + "]";
        String text = String.format(Locale.ROOT, "%s %3d%% %,d/%,d lines  %,.0f lines/s  ETA %s  created %,d  unchanged %,d",
                bar, percent, done, total, rate, eta, created, unchanged);
        if (terminal) {
            err.print("\r" + text);
        } else {
            err.println(text);
        }
        err.flush();
    }

    /** Ends the bar's line on a terminal. */
    void end() {
        if (terminal && printedAny) {
            err.println();
            err.flush();
        }
    }

    static String clock(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
