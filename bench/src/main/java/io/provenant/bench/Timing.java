package io.provenant.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Latencies of one way of answering a question: p50 and p95 (nearest rank) in milliseconds. */
final class Timing {

    private final List<Double> millis = new ArrayList<>();

    void add(long nanos) {
        millis.add(nanos / 1e6);
    }

    int count() {
        return millis.size();
    }

    double percentile(double p) {
        if (millis.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    double p50() {
        return percentile(50);
    }

    double p95() {
        return percentile(95);
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("n", count());
        json.put("p50Ms", round(p50()));
        json.put("p95Ms", round(p95()));
        json.put("samplesMs", millis.stream().map(Timing::round).toList());
        return json;
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
