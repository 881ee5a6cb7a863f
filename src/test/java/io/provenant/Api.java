package io.provenant;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * REST Assured requests to the running app as a known caller. Tests use {@link #given()} instead of
 * {@code RestAssured.given()} so that every request carries a token; the test profile's bootstrap admin token
 * is {@link #ADMIN_TOKEN} (application.properties, %test).
 */
public final class Api {

    /** The bootstrap admin token of the test profile. */
    public static final String ADMIN_TOKEN = "pvt_test-bootstrap-admin-token-0123456789abcdefghijklmnopqrstuv";

    private Api() {
    }

    /** The samples of /q/metrics (Prometheus text, open without a token): series (name and labels) to value. */
    public static java.util.Map<String, Double> metrics() {
        String text = RestAssured.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.Map<String, Double> samples = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    /** A request as the bootstrap admin. */
    public static RequestSpecification given() {
        return as(ADMIN_TOKEN);
    }

    /**
     * Creates a token as the bootstrap admin and returns its secret. {@code projects} null: every project. Roles are
     * spelled as in GraphQL (READER, REGISTRAR, AUDITOR, APPROVER, ADMIN).
     */
    public static String token(String subject, java.util.List<String> roles, java.util.List<String> projects) {
        java.util.Map<String, Object> input = new java.util.LinkedHashMap<>();
        input.put("subject", subject);
        input.put("roles", roles);
        if (projects != null) {
            input.put("projects", projects);
        }
        return GraphQL.ok("createToken", java.util.Map.of("input", input)).getString("data.createToken.token");
    }

    private static final java.util.Map<String, String> APPROVERS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A token of an approver (roles approver and registrar, every project) whose subject is {@code subject}: an
     * override is accepted only from the approver it names (reviewer key = token subject). One per subject per JVM.
     */
    public static String approver(String subject) {
        return APPROVERS.computeIfAbsent(subject, s -> token(s, java.util.List.of("APPROVER", "REGISTRAR"), null));
    }

    /** A request bearing the given token (null: no Authorization header). */
    public static RequestSpecification as(String token) {
        RequestSpecification spec = RestAssured.given();
        return token == null ? spec : spec.header("Authorization", "Bearer " + token);
    }
}
