package io.provenant.api;

import org.eclipse.microprofile.graphql.NonNull;

/** Relay page info (forward paging). */
public record PageInfo(@NonNull boolean hasNextPage, String endCursor) {
}
