package io.provenant.cli;

import java.net.URI;

import picocli.CommandLine.Option;

/** Where the registry is and who the caller is: shared by every command that talks to a server. */
public final class ServerOptions {

    @Option(names = "--url", defaultValue = "${env:PROVENANT_URL:-http://localhost:8080}",
            description = "Base URL of the registry (default: $PROVENANT_URL, else ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", defaultValue = "${env:PROVENANT_TOKEN}",
            description = "Bearer token (default: $PROVENANT_TOKEN). Prefer the variable: options show in process lists.")
    String token;

    @Option(names = "--timeout", defaultValue = "300", description = "Seconds to wait for one request (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    ApiClient client() {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return new ApiClient(URI.create(base), token, java.time.Duration.ofSeconds(timeoutSeconds));
    }
}
