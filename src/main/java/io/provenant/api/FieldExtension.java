package io.provenant.api;

import jakarta.json.Json;
import jakarta.json.JsonValue;

import io.smallrye.graphql.api.ErrorExtensionProvider;

/** Adds {@code extensions.field}: the input field a {@link ProvenantError} is about. */
public class FieldExtension implements ErrorExtensionProvider {

    @Override
    public String getKey() {
        return "field";
    }

    @Override
    public JsonValue mapValueFrom(Throwable exception) {
        if (exception instanceof ProvenantError error && error.field() != null) {
            return Json.createValue(error.field());
        }
        return null;
    }
}
