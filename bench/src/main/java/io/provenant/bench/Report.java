package io.provenant.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run's table (Markdown) with each figure's ratio against its goal, and the profile summary. */
final class Report {

    private Report() {
    }

    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> r) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "Size %s: %,d feedback events (seed %s, batches of %s, at least %s repetitions per question and"
                + " more until %s s); load average at start %s, at end %s%n%n", r.get("size"), (Integer) r.get("events"), r.get("seed"),
                r.get("batch"), r.get("repeats"), r.getOrDefault("measureSeconds", 0), r.getOrDefault("loadAverageAtStart", "?"), r.getOrDefault("loadAverageAtEnd", "?")));
        t.append("| measure | Provenant | baseline | ratio | goal | met |\n|---|---|---|---|---|---|\n");
        Map<String, Object> ingest = (Map<String, Object>) r.get("ingest");
        double api = num(((Map<String, Object>) ingest.get("api")).get("eventsPerSecond"));
        double rawJournal = num(((Map<String, Object>) ingest.get("rawJournal")).get("eventsPerSecond"));
        double raw = num(((Map<String, Object>) ingest.get("raw")).get("eventsPerSecond"));
        double ratio = api / rawJournal;
        t.append(String.format(Locale.ROOT, "| ingest, events/s: API vs raw driver + journal | %,.0f | %,.0f | %.2f× | ≥ 0.7× | %s |%n",
                api, rawJournal, ratio, ratio >= 0.7 ? "yes" : "no"));
        t.append(String.format(Locale.ROOT, "| ingest, events/s: API vs raw driver only | %,.0f | %,.0f | %.2f× | (physical floor) | |%n",
                api, raw, api / raw));
        for (Map<String, Object> q : (List<Map<String, Object>>) r.get("questions")) {
            Map<String, Object> a = (Map<String, Object>) q.get("api");
            Map<String, Object> c = (Map<String, Object>) q.get("cypher");
            double ratioP50 = num(a.get("p50Ms")) / num(c.get("p50Ms"));
            double ratioP95 = num(a.get("p95Ms")) / num(c.get("p95Ms"));
            t.append(String.format(Locale.ROOT, "| %s, p50 / p95 ms (n %s): API vs hand-written Cypher | %,.1f / %,.1f | %,.1f / %,.1f | %.2f× / %.2f× | ≤ 1.2× | %s |%n",
                    q.get("question"), a.get("n"), num(a.get("p50Ms")), num(a.get("p95Ms")), num(c.get("p50Ms")), num(c.get("p95Ms")),
                    ratioP50, ratioP95, ratioP50 <= 1.2 ? "yes" : "no"));
        }
        Map<String, Object> peer = (Map<String, Object>) r.get("peer");
        if (Boolean.TRUE.equals(peer.get("run"))) {
            Map<String, Object> p = (Map<String, Object>) peer.get("peerTiming");
            Map<String, Object> a = (Map<String, Object>) peer.get("provenantTiming");
            double speedup = num(p.get("p50Ms")) / num(a.get("p50Ms"));
            t.append(String.format(Locale.ROOT, "| releaseProvenance, p50 / p95 ms: Provenant vs @neo4j/graphql peer | %,.1f / %,.1f | %,.1f / %,.1f | %.2f× / %.2f× faster | ≥ 5× faster | %s |%n",
                    num(a.get("p50Ms")), num(a.get("p95Ms")), num(p.get("p50Ms")), num(p.get("p95Ms")), speedup,
                    num(p.get("p95Ms")) / num(a.get("p95Ms")), speedup >= 5 ? "yes" : "no"));
        } else {
            t.append("| releaseProvenance vs @neo4j/graphql peer | not run | | | ≥ 5× faster | " + peer.get("reason") + " |\n");
        }
        Map<String, Object> m = (Map<String, Object>) r.get("memory");
        double appPeak = num(m.get("appPeakRssMbDuringIngest"));
        t.append(String.format(Locale.ROOT, "| app peak RSS during ingest (by ingest decile: %s) | %,.0f MB | | | ≤ 512 MB, flat | %s |%n",
                m.get("appRssMbByIngestDecile"), appPeak, appPeak <= 512 ? "yes" : "no"));
        t.append(String.format(Locale.ROOT, "| Neo4j peak RSS during ingest (by decile: %s) | %,.0f MB | | | (reported) | |%n",
                m.get("neo4jRssMbByIngestDecile"), num(m.get("neo4jPeakRssMbDuringIngest"))));
        Map<String, Object> counts = (Map<String, Object>) r.get("counts");
        t.append(String.format(Locale.ROOT, "%nRegistered artifacts equal the generator's counts: %s %s; contamination found %s of %s planted leaks.%n",
                counts.get("equal"), counts.get("registered"), r.get("contaminationLeaked"),
                ((Map<String, Object>) r.get("loop")).get("leaksPlanted")));
        return t.toString();
    }

    @SuppressWarnings("unchecked")
    static String profile(Map<String, Object> r) {
        StringBuilder t = new StringBuilder();
        Map<String, Object> ingest = (Map<String, Object>) r.get("ingest");
        Map<String, Object> cpu = (Map<String, Object>) ingest.get("apiCpuSeconds");
        t.append(String.format(Locale.ROOT, "CPU seconds during the API's recordFeedback calls (wall %s s): app %s, Neo4j %s, PostgreSQL %s%n",
                cpu.get("wall"), cpu.get("app"), cpu.get("neo4j"), cpu.get("postgresql")));
        Map<String, Object> profile = (Map<String, Object>) r.get("profile");
        if (profile != null) {
            t.append(String.format(Locale.ROOT, "App CPU by component (JFR, %s samples during a profiled ingest of %s more events,"
                    + " after the measurements; GC pauses %s ms):%n", profile.get("executionSamples"), profile.get("events"),
                    profile.get("gcPauseMs")));
            ((Map<String, Object>) profile.get("byComponent")).entrySet().stream().limit(12).forEach(e ->
                    t.append(String.format(Locale.ROOT, "  %5s%%  %s%n", ((Map<String, Object>) e.getValue()).get("percent"), e.getKey())));
            Map<String, Object> methods = (Map<String, Object>) profile.get("byProvenantMethod");
            if (methods != null) {
                t.append("App CPU by innermost Provenant method (inclusive of the libraries it calls):\n");
                methods.entrySet().stream().limit(12).forEach(e -> t.append(String.format(Locale.ROOT, "  %5s%%  %s%n",
                        ((Map<String, Object>) e.getValue()).get("percent"), e.getKey())));
            }
            Map<String, Object> frames = (Map<String, Object>) profile.get("topFramesOutsideTheJdk");
            if (frames != null) {
                t.append("Hottest frames outside the JDK (who made the JDK work):\n");
                frames.entrySet().stream().limit(10).forEach(e -> t.append(String.format(Locale.ROOT, "  %5s%%  %s%n",
                        ((Map<String, Object>) e.getValue()).get("percent"), e.getKey())));
            }
        }
        return t.toString();
    }

    static double num(Object value) {
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }
}
