package io.provenant.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.imageio.ImageIO;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * growth.png: throughput and latency against size, from the latest result JSON of every size in the results
 * directory (so S, M and L measured in separate runs line up).
 */
final class GrowthPlot {

    private GrowthPlot() {
    }

    static Path draw(Path results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<Integer, JsonNode> latest = new TreeMap<>();
        List<Path> files = new ArrayList<>();
        try (var list = Files.list(results)) {
            list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(files::add);
        }
        ObjectMapper json = new ObjectMapper();
        for (Path f : files) {
            JsonNode r = json.readTree(f.toFile());
            if (r.has("events") && r.has("ingest")) {
                latest.put(r.get("events").asInt(), r); // sorted by name = by timestamp: the last one wins
            }
        }
        XYSeriesCollection throughput = new XYSeriesCollection();
        XYSeries api = new XYSeries("API recordFeedback");
        XYSeries rawJournal = new XYSeries("raw driver + journal");
        XYSeries raw = new XYSeries("raw driver");
        Map<String, XYSeries> latency = new TreeMap<>();
        for (Map.Entry<Integer, JsonNode> e : latest.entrySet()) {
            JsonNode ingest = e.getValue().get("ingest");
            api.add(e.getKey().doubleValue(), ingest.at("/api/eventsPerSecond").asDouble());
            rawJournal.add(e.getKey().doubleValue(), ingest.at("/rawJournal/eventsPerSecond").asDouble());
            raw.add(e.getKey().doubleValue(), ingest.at("/raw/eventsPerSecond").asDouble());
            for (JsonNode q : e.getValue().path("questions")) {
                latency.computeIfAbsent("API " + q.get("question").asText(), XYSeries::new)
                        .add(e.getKey().doubleValue(), q.at("/api/p50Ms").asDouble());
            }
            JsonNode peer = e.getValue().path("peer");
            if (peer.path("run").asBoolean()) {
                latency.computeIfAbsent("peer @neo4j/graphql releaseProvenance", XYSeries::new)
                        .add(e.getKey().doubleValue(), peer.at("/peerTiming/p50Ms").asDouble());
            }
        }
        throughput.addSeries(api);
        throughput.addSeries(rawJournal);
        throughput.addSeries(raw);
        XYSeriesCollection latencies = new XYSeriesCollection();
        latency.values().forEach(latencies::addSeries);

        JFreeChart top = chart("Ingest throughput vs size (same run, same servers)", "events/s", throughput, false);
        JFreeChart bottom = chart("Question latency (p50) vs size", "p50 ms (log)", latencies, true);
        BufferedImage image = new BufferedImage(1000, 1200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 1000, 1200);
        top.draw(g, new java.awt.geom.Rectangle2D.Double(0, 0, 1000, 600));
        bottom.draw(g, new java.awt.geom.Rectangle2D.Double(0, 600, 1000, 600));
        g.dispose();
        Path out = results.resolve("growth.png");
        ImageIO.write(image, "png", out.toFile());
        return out;
    }

    private static JFreeChart chart(String title, String yLabel, XYSeriesCollection data, boolean logY) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, "feedback events (log)", yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogarithmicAxis x = new LogarithmicAxis("feedback events (log)");
        x.setStrictValuesFlag(false);
        x.setRange(500, 2_000_000);
        plot.setDomainAxis(x);
        if (logY) {
            LogarithmicAxis y = new LogarithmicAxis(yLabel);
            y.setStrictValuesFlag(false);
            y.setAutoRangeNextLogFlag(true);
            plot.setRangeAxis(y);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }
}
