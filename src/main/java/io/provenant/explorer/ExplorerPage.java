package io.provenant.explorer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The lineage explorer at {@code /explorer} ({@code ?ref=release:…@1}): a static page that asks the GraphQL API from the
 * browser with the token typed into it, drawing {@code lineage} with Cytoscape.js and a dagre layout. The page and its
 * assets ({@code /explorer-assets/}, libraries installed from npm by the build) carry no data and need no token.
 */
@Path("/explorer")
public class ExplorerPage {

    private static final String PAGE = load();

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String page() {
        return PAGE;
    }

    private static String load() {
        try (InputStream in = ExplorerPage.class.getResourceAsStream("explorer.html")) {
            if (in == null) {
                throw new IllegalStateException("io/provenant/explorer/explorer.html is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
