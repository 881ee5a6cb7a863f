package io.provenant.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.provenant.api.StoreFailures;

/**
 * Turns a person pseudonym that a caller without PII access was shown back into the identity, so that such a
 * caller can ask about what it saw (e.g. {@code impact(ref: "reviewer:~p-…@1")}). Known identities are reviewer
 * keys and token subjects; a pseudonym not (yet) known is left as it is and so finds nothing.
 */
@ApplicationScoped
public class Pseudonyms {

    private static final Pattern PERSON = Pattern.compile("~p-[0-9a-f]{16}");

    private final Map<String, String> known = new ConcurrentHashMap<>();

    @Inject
    Disclosure disclosure;

    @Inject
    AgroalDataSource dataSource;

    /** {@code value} with every known person pseudonym replaced by the identity. */
    public String real(String value) {
        if (value == null || !value.contains(Disclosure.PERSON)) {
            return value;
        }
        Matcher m = PERSON.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String identity = known.get(m.group());
            if (identity == null) {
                refresh();
                identity = known.get(m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(identity == null ? m.group() : identity));
        }
        m.appendTail(out);
        return out.toString();
    }

    private void refresh() {
        StoreFailures.sql(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement select = c.prepareStatement(
                            "SELECT DISTINCT key FROM artifact WHERE kind = 'reviewer' UNION SELECT DISTINCT subject FROM api_token");
                    ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String identity = rs.getString(1);
                    known.put(disclosure.person(identity), identity);
                }
            }
            return null;
        });
    }
}
