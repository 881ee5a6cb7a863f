package io.provenant.security;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.RequestScoped;

/** For one request: the original of every answer record that {@link Disclosure} rebuilt, by identity. */
@RequestScoped
public class RequestOriginals {

    private final Map<Object, Object> originals = new IdentityHashMap<>();

    Map<Object, Object> map() {
        return originals;
    }

    /** The original of a rebuilt record (or list of them); anything else as it is. */
    Object original(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(this::original).toList();
        }
        Object original = value == null ? null : originals.get(value);
        return original == null ? value : original;
    }
}
