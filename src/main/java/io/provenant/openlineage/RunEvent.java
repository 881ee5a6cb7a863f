package io.provenant.openlineage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.provenant.api.ProvenantError;

/**
 * An OpenLineage run event (spec 2-0-2, as Marquez accepts it at {@code POST /api/v1/lineage}), valid by
 * construction: {@link #parse} names the field that is wrong, in the event's own terms ({@code run.runId},
 * {@code inputs[2].name}). Facets are kept as they came; only the {@code provenant} facets and the standard
 * {@code version} dataset facet are read (by {@link RunEventMapping}).
 */
public record RunEvent(EventType eventType, Instant eventTime, UUID runId, ObjectNode runFacets, String namespace,
        String jobName, ObjectNode jobFacets, List<EventDataset> inputs, List<EventDataset> outputs, String producer,
        String schemaUrl, JsonNode raw) {

    /** The run state transitions of the spec. */
    public enum EventType {
        START, RUNNING, COMPLETE, ABORT, FAIL, OTHER
    }

    /** An input or output dataset: {@code namespace} and {@code name} identify it, facets describe it. */
    public record EventDataset(String field, String namespace, String name, ObjectNode facets) {

        /** A facet of this dataset, or a missing node. */
        public JsonNode facet(String name) {
            return facets.path(name);
        }
    }

    public static RunEvent parse(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw ProvenantError.invalid(null, "an OpenLineage run event must be a JSON object.");
        }
        if (!event.has("run") && event.has("dataset")) {
            throw ProvenantError.invalid("run", "is required: only run events are accepted (this is a DatasetEvent).");
        }
        String type = text(event, "eventType", "eventType", true);
        EventType eventType;
        try {
            eventType = EventType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw ProvenantError.invalid("eventType", "'" + type + "' is not one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER.");
        }
        String time = text(event, "eventTime", "eventTime", true);
        Instant eventTime;
        try {
            eventTime = OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            throw ProvenantError.invalid("eventTime", "'" + time + "' is not an ISO-8601 date-time with an offset,"
                    + " e.g. 2026-12-01T10:00:00.000Z.");
        }
        JsonNode run = object(event, "run", "run", true);
        String id = text(run, "runId", "run.runId", true);
        UUID runId;
        try {
            runId = UUID.fromString(id);
            if (!runId.toString().equalsIgnoreCase(id)) {
                throw new IllegalArgumentException(id);
            }
        } catch (IllegalArgumentException e) {
            throw ProvenantError.invalid("run.runId", "'" + id + "' is not a UUID.");
        }
        JsonNode job = object(event, "job", "job", true);
        String namespace = text(job, "namespace", "job.namespace", true);
        String jobName = text(job, "name", "job.name", true);
        String producer = text(event, "producer", "producer", true);
        String schemaUrl = text(event, "schemaURL", "schemaURL", true);
        return new RunEvent(eventType, eventTime, runId, facets(run, "run.facets"), namespace, jobName, facets(job, "job.facets"),
                datasets(event, "inputs"), datasets(event, "outputs"), producer, schemaUrl, event);
    }

    /** The {@code provenant} facet of the run over that of the job, field by field; empty when neither has one. */
    public ObjectNode provenantFacet() {
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        if (jobFacets.path("provenant").isObject()) {
            merged.setAll((ObjectNode) jobFacets.get("provenant"));
        }
        if (runFacets.path("provenant").isObject()) {
            merged.setAll((ObjectNode) runFacets.get("provenant"));
        }
        return merged;
    }

    /** Where the merged provenant facet's field {@code name} came from, for error messages. */
    public String provenantField(String name) {
        return runFacets.path("provenant").has(name) || !jobFacets.path("provenant").has(name)
                ? "run.facets.provenant." + name : "job.facets.provenant." + name;
    }

    private static List<EventDataset> datasets(JsonNode event, String field) {
        JsonNode list = event.path(field);
        List<EventDataset> datasets = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return datasets;
        }
        if (!list.isArray()) {
            throw ProvenantError.invalid(field, "must be a list of datasets ({namespace, name, facets}).");
        }
        for (int i = 0; i < list.size(); i++) {
            String path = field + "[" + i + "]";
            JsonNode dataset = list.get(i);
            if (!dataset.isObject()) {
                throw ProvenantError.invalid(path, "must be a dataset object {namespace, name, facets}.");
            }
            datasets.add(new EventDataset(path, text(dataset, "namespace", path + ".namespace", true),
                    text(dataset, "name", path + ".name", true), facets(dataset, path + ".facets")));
        }
        return datasets;
    }

    private static ObjectNode facets(JsonNode parent, String field) {
        JsonNode facets = parent.path("facets");
        if (facets.isMissingNode() || facets.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!facets.isObject()) {
            throw ProvenantError.invalid(field, "must be an object of facets by name.");
        }
        return (ObjectNode) facets;
    }

    private static JsonNode object(JsonNode parent, String name, String field, boolean required) {
        JsonNode node = parent.path(name);
        if (node.isMissingNode() || node.isNull()) {
            if (required) {
                throw ProvenantError.invalid(field, "is required.");
            }
            return null;
        }
        if (!node.isObject()) {
            throw ProvenantError.invalid(field, "must be an object.");
        }
        return node;
    }

    static String text(JsonNode parent, String name, String field, boolean required) {
        JsonNode node = parent.path(name);
        if (node.isMissingNode() || node.isNull()) {
            if (required) {
                throw ProvenantError.invalid(field, "is required.");
            }
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw ProvenantError.invalid(field, "must be a non-empty string.");
        }
        return node.asText();
    }
}
