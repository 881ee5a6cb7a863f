package io.provenant;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The lineage explorer in a real headless Chromium: the page for the story's release draws the same nodes as the
 * lineage query, coloured by kind and labelled key@version; a mouse click on a node fills the side panel and expands
 * its lineage by the node registered after the page was drawn. The token goes in through the page's token field.
 * Leaves target/explorer-screenshot.png.
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class ExplorerBrowserTest {

    static final Path SCREENSHOT = Path.of("target", "explorer-screenshot.png");
    static final Duration WAIT = Duration.ofSeconds(90);
    /**
     * Registered while the page is open, derived from the eval split: expanding hh-eval must fetch it. (A hub such as
     * policy v2 gathers hundreds of labels from other test classes in the full suite, and its one-page expansion of
     * 1,000 nodes would not reach the newest.)
     */
    static final String NEWER = "dataset:hh-eval-explorer@1";

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    @Test
    void releaseLineageIsDrawnAndANodeExpands() throws Exception {
        String root = base.toString().replaceAll("/$", "");
        List<String> expected = GraphQL.ok("lineage", Map.of("ref", RELEASE, "direction", "UPSTREAM", "maxDepth", 10, "first", 1000))
                .getList("data.lineage.nodes.ref");
        assertTrue(expected.contains(POLICY_V2) && expected.contains(EVAL), "the release's upstream reaches policy v2 and the eval split");

        try (HeadlessChromium browser = HeadlessChromium.start(1600, 1000)) {
            browser.navigate(root + "/explorer");
            browser.eval("document.getElementById('token').value = 'Bearer " + Api.ADMIN_TOKEN + "';"
                    + " document.getElementById('save-token').click(); sessionStorage.getItem('provenant.token')");
            assertEquals(Api.ADMIN_TOKEN, browser.eval("sessionStorage.getItem('provenant.token')").asText(), "token kept in sessionStorage");

            browser.navigate(root + "/explorer?ref=" + URLEncoder.encode(RELEASE, StandardCharsets.UTF_8));
            browser.waitFor("window.explorer && window.explorer.state === 'ready'", WAIT);
            JsonNode drawn = browser.eval("window.explorer.cy.nodes().map(n => ({ref: n.id(), kind: n.data('kind'),"
                    + " label: n.style('label'), colour: n.style('background-color')}))");
            Set<String> refs = new HashSet<>();
            drawn.forEach(n -> refs.add(n.path("ref").asText()));
            assertEquals(new HashSet<>(expected), refs, "the page draws exactly the lineage query's nodes");
            assertEquals(expected.size(), drawn.size());
            JsonNode colours = browser.eval("window.explorer.colours");
            for (JsonNode node : drawn) {
                String ref = node.path("ref").asText();
                assertEquals(ref.substring(ref.indexOf(':') + 1), node.path("label").asText(), "labelled key@version");
                assertEquals(rgb(colours.path(node.path("kind").asText()).asText()), node.path("colour").asText(), ref + " coloured by kind");
            }
            assertNotEquals(colourOf(drawn, RELEASE), colourOf(drawn, FINAL), "releases and checkpoints differ in colour");
            assertTrue(browser.eval("document.getElementById('status').textContent").asText()
                    .startsWith(RELEASE + ": " + expected.size() + " nodes"));
            assertTrue(browser.eval("window.explorer.cy.edges().length").asInt() > 0, "edges drawn");

            // Registered after the page was drawn: expanding policy v2 must fetch it.
            GraphQL.ok("registerDataset", Map.of("input", input(NEWER, "split", "EVAL", "selectionRule", "hh-eval, re-cut for the explorer",
                    "derivedFrom", List.of(EVAL))));
            JsonNode at = browser.eval("(() => { const n = window.explorer.cy.getElementById('" + EVAL + "');"
                    + " const box = document.getElementById('graph').getBoundingClientRect(); const p = n.renderedPosition();"
                    + " return {x: box.left + p.x, y: box.top + p.y}; })()");
            browser.click(at.path("x").asDouble(), at.path("y").asDouble());
            browser.waitFor("window.explorer.state === 'ready' && window.explorer.cy.getElementById('" + NEWER + "').nonempty()", WAIT);
            browser.waitFor("document.querySelector('#fields [data-field=digest]')", WAIT);
            JsonNode panel = browser.eval("Object.fromEntries([...document.querySelectorAll('#fields td')].map(td => [td.dataset.field, td.textContent]))");
            assertEquals(EVAL, panel.path("ref").asText());
            assertEquals("DATASET", panel.path("kind").asText());
            assertEquals("hh-eval", panel.path("key").asText());
            assertEquals("1", panel.path("version").asText());
            assertEquals(PROJECT, panel.path("project").asText());
            assertTrue(!panel.path("registeredAt").asText().isEmpty() && panel.path("digest").asText().length() == 64, panel.toString());
            Set<String> expanded = new HashSet<>(expected);
            expanded.addAll(GraphQL.ok("lineage", Map.of("ref", EVAL, "direction", "BOTH", "maxDepth", 1, "first", 1000))
                    .getList("data.lineage.nodes.ref"));
            Set<String> shown = new HashSet<>();
            browser.eval("window.explorer.cy.nodes().map(n => n.id())").forEach(n -> shown.add(n.asText()));
            assertEquals(expanded, shown, "the expansion adds hh-eval's direct lineage (with the new derived dataset) and nothing else");
            assertTrue(browser.eval("window.explorer.cy.edges().some(e => e.source().id() === '" + NEWER + "' && e.target().id() === '"
                    + EVAL + "' && e.data('type') === 'DERIVED_FROM')").asBoolean(), "the DERIVED_FROM edge is drawn");
            assertTrue(browser.eval("window.explorer.cy.getElementById('" + EVAL + "').hasClass('expanded')").asBoolean());

            browser.screenshot(SCREENSHOT);
            assertTrue(Files.size(SCREENSHOT) > 10_000, "a screenshot with content");
        }
    }

    private static String colourOf(JsonNode drawn, String ref) {
        for (JsonNode node : drawn) {
            if (node.path("ref").asText().equals(ref)) {
                return node.path("colour").asText();
            }
        }
        throw new AssertionError(ref + " is not drawn");
    }

    /** #rrggbb as cytoscape reports it: rgb(r,g,b). */
    private static String rgb(String hex) {
        int v = Integer.parseInt(hex.substring(1), 16);
        return "rgb(" + (v >> 16 & 255) + "," + (v >> 8 & 255) + "," + (v & 255) + ")";
    }
}
