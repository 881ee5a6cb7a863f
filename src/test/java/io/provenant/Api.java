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

    /** A request as the bootstrap admin. */
    public static RequestSpecification given() {
        return as(ADMIN_TOKEN);
    }

    /** A request bearing the given token (null: no Authorization header). */
    public static RequestSpecification as(String token) {
        RequestSpecification spec = RestAssured.given();
        return token == null ? spec : spec.header("Authorization", "Bearer " + token);
    }
}
