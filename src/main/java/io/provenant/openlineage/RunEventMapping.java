package io.provenant.openlineage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.provenant.api.ProvenantError;
import io.provenant.artifact.ArtifactRef;
import io.provenant.artifact.CheckpointInput;
import io.provenant.artifact.Checks;
import io.provenant.artifact.EvalRunInput;
import io.provenant.artifact.Kind;
import io.provenant.artifact.RegistrationInput;
import io.provenant.artifact.TrainingRunInput;

/**
 * How an OpenLineage run event becomes Provenant artifacts (README "OpenLineage ingestion"):
 * <ul>
 * <li>Only a {@code COMPLETE} event registers artifacts, and only when the run (or its job) carries a
 * {@code provenant} facet naming the {@code kind}: {@code training-run} or {@code eval-run}. Every other event
 * (START, RUNNING, FAIL, ABORT, OTHER, or a COMPLETE without the facet) is journaled as received and registers
 * nothing: artifacts are immutable, so a run is registered once its results exist.</li>
 * <li>The run is {@code <kind>:<job.name>@<runId>} in project {@code job.namespace}; the facet may set {@code key}
 * and {@code version}. Its other fields are those of the GraphQL input of the kind ({@code method},
 * {@code config}, {@code metrics}, ...).</li>
 * <li>Each input names a registered artifact: {@code facets.provenant.ref}, or else
 * {@code dataset:<name>@<facets.version.datasetVersion>}. Datasets become the run's {@code datasets} and the one
 * checkpoint input its {@code baseCheckpoint} (training) or {@code checkpoint} (eval), unless the facet names them.</li>
 * <li>Each output of a training run is a checkpoint {@code checkpoint:<name>@<facets.version.datasetVersion or the
 * run's version>} produced by the run, with {@code uri} {@code <namespace>/<name>} and its {@code weightsDigest}
 * from the output's {@code provenant} facet. Outputs of an eval run are kept in the event only.</li>
 * </ul>
 */
@ApplicationScoped
public class RunEventMapping {

    /** The field the registrar names the mapped inputs by: {@code artifacts[0]} is the run. */
    static final String FIELD = "artifacts";

    private static final Set<String> NOT_INPUT_FIELDS = Set.of("_producer", "_schemaURL", "_deleted", "kind", "key", "version");

    /** What an event maps to: the inputs to register (the run first) and where each of their fields came from. */
    public record Mapped(List<RegistrationInput> artifacts, Map<String, String> origins, Map<String, String> inputsByRef,
            String note) {

        /**
         * The event field an error is about: a ref that is not registered is named by the input that names it (the
         * registrar names the run's list field, e.g. {@code datasets}), anything else by {@link #eventField(String)}.
         */
        public String eventField(ProvenantError error) {
            if (error instanceof ProvenantError.NotFound) {
                for (Map.Entry<String, String> input : inputsByRef.entrySet()) {
                    if (error.reason().startsWith("Artifact '" + input.getKey() + "'")) {
                        return input.getValue();
                    }
                }
            }
            return eventField(error.field());
        }

        /** A registrar field ({@code artifacts[1].weightsDigest}) in the event's terms ({@code outputs[0].facets.provenant.weightsDigest}). */
        public String eventField(String field) {
            if (field == null) {
                return null;
            }
            String best = null;
            for (String prefix : origins.keySet()) {
                if ((field.equals(prefix) || field.startsWith(prefix + ".") || field.startsWith(prefix + "["))
                        && (best == null || prefix.length() > best.length())) {
                    best = prefix;
                }
            }
            return best == null ? field : origins.get(best) + field.substring(best.length());
        }
    }

    @Inject
    ObjectMapper mapper;

    private ObjectMapper strict;

    @PostConstruct
    void init() {
        strict = mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public Mapped map(RunEvent event) {
        if (event.eventType() != RunEvent.EventType.COMPLETE) {
            return new Mapped(List.of(), Map.of(), Map.of(), "A " + event.eventType() + " event is journaled only; artifacts are"
                    + " registered from the run's COMPLETE event.");
        }
        ObjectNode facet = event.provenantFacet();
        if (facet.isEmpty()) {
            return new Mapped(List.of(), Map.of(), Map.of(), "No provenant run or job facet: the event is journaled only.");
        }
        String kindText = RunEvent.text(facet, "kind", event.provenantField("kind"), true);
        Kind kind = Kind.fromId(event.provenantField("kind"), kindText);
        if (kind != Kind.TRAINING_RUN && kind != Kind.EVAL_RUN) {
            throw ProvenantError.invalid(event.provenantField("kind"), "'" + kindText + "' cannot be registered from an"
                    + " OpenLineage event; expected training-run or eval-run (register other kinds through GraphQL).");
        }
        String keyField = facet.has("key") ? event.provenantField("key") : "job.name";
        String versionField = facet.has("version") ? event.provenantField("version") : "run.runId";
        String key = facet.has("key") ? RunEvent.text(facet, "key", keyField, true) : event.jobName();
        String version = facet.has("version") ? RunEvent.text(facet, "version", versionField, true) : event.runId().toString();
        ArtifactRef run = ref(kind, key, keyField, version, versionField);

        Map<String, String> origins = new LinkedHashMap<>();
        String runField = FIELD + "[0]";
        origins.put(runField, event.runFacets().path("provenant").isObject() ? "run.facets.provenant" : "job.facets.provenant");
        origins.put(runField + ".key", keyField);
        origins.put(runField + ".version", versionField);
        origins.put(runField + ".project", "job.namespace");

        ObjectNode body = mapper.createObjectNode();
        facet.fields().forEachRemaining(f -> {
            if (!NOT_INPUT_FIELDS.contains(f.getKey())) {
                body.set(f.getKey(), f.getValue());
                origins.put(runField + "." + f.getKey(), event.provenantField(f.getKey()));
            }
        });
        body.put("key", run.key());
        body.put("version", run.version());
        body.put("project", event.namespace());

        List<String> datasets = new ArrayList<>();
        List<Integer> datasetInputs = new ArrayList<>();
        List<Integer> checkpointInputs = new ArrayList<>();
        List<ArtifactRef> inputs = new ArrayList<>();
        Map<String, String> inputsByRef = new LinkedHashMap<>();
        for (int i = 0; i < event.inputs().size(); i++) {
            RunEvent.EventDataset input = event.inputs().get(i);
            ArtifactRef ref = inputRef(input);
            inputs.add(ref);
            inputsByRef.putIfAbsent(ref.toString(), input.field());
            switch (ref.kind()) {
                case DATASET -> {
                    datasetInputs.add(i);
                    datasets.add(ref.toString());
                }
                case CHECKPOINT -> checkpointInputs.add(i);
                default -> throw ProvenantError.invalid(input.field(), "names '" + ref + "', a " + ref.kind().id()
                        + "; a " + kind.id() + " reads datasets and checkpoints.");
            }
        }
        if (!body.has("datasets")) {
            ArrayNode list = body.putArray("datasets");
            for (int j = 0; j < datasets.size(); j++) {
                list.add(datasets.get(j));
                origins.put(runField + ".datasets[" + j + "]", "inputs[" + datasetInputs.get(j) + "]");
            }
            origins.put(runField + ".datasets", "inputs");
        }
        String checkpointField = kind == Kind.TRAINING_RUN ? "baseCheckpoint" : "checkpoint";
        if (!body.has(checkpointField)) {
            if (checkpointInputs.size() != 1) {
                throw ProvenantError.invalid(event.provenantField(checkpointField), "is needed: the event has "
                        + checkpointInputs.size() + " checkpoint inputs; name the " + checkpointField
                        + " in the provenant facet or give exactly one checkpoint input.");
            }
            int i = checkpointInputs.get(0);
            body.put(checkpointField, inputs.get(i).toString());
            origins.put(runField + "." + checkpointField, "inputs[" + i + "]");
        }

        List<RegistrationInput> artifacts = new ArrayList<>();
        Class<? extends RegistrationInput> type = kind == Kind.TRAINING_RUN ? TrainingRunInput.class : EvalRunInput.class;
        artifacts.add(read(body, type, origins, runField));
        String note = null;
        if (kind == Kind.TRAINING_RUN) {
            for (int j = 0; j < event.outputs().size(); j++) {
                artifacts.add(checkpoint(event.outputs().get(j), run, event.namespace(), origins, FIELD + "[" + (j + 1) + "]"));
            }
        } else if (!event.outputs().isEmpty()) {
            note = "Outputs of an eval run are kept in the journaled event only.";
        }
        return new Mapped(artifacts, origins, inputsByRef, note);
    }

    /** The registered artifact an input names. */
    private static ArtifactRef inputRef(RunEvent.EventDataset dataset) {
        JsonNode provenant = dataset.facet("provenant");
        if (provenant.has("ref")) {
            String field = dataset.field() + ".facets.provenant.ref";
            return ArtifactRef.parse(field, RunEvent.text(provenant, "ref", field, true));
        }
        return ref(Kind.DATASET, dataset.name(), dataset.field() + ".name", datasetVersion(dataset, true),
                dataset.field() + ".facets.version.datasetVersion");
    }

    private static String datasetVersion(RunEvent.EventDataset dataset, boolean required) {
        JsonNode version = dataset.facet("version");
        if (!version.has("datasetVersion")) {
            if (required) {
                throw ProvenantError.invalid(dataset.field() + ".facets.version.datasetVersion", "is needed to name the"
                        + " Provenant dataset version (or give a provenant facet with ref, e.g. \"dataset:hh-train@1\").");
            }
            return null;
        }
        return RunEvent.text(version, "datasetVersion", dataset.field() + ".facets.version.datasetVersion", true);
    }

    private CheckpointInput checkpoint(RunEvent.EventDataset output, ArtifactRef run, String project,
            Map<String, String> origins, String field) {
        JsonNode provenant = output.facet("provenant");
        String facetField = output.field() + ".facets.provenant";
        ArtifactRef ref;
        if (provenant.has("ref")) {
            ref = ArtifactRef.parse(facetField + ".ref", RunEvent.text(provenant, "ref", facetField + ".ref", true));
            if (ref.kind() != Kind.CHECKPOINT) {
                throw ProvenantError.invalid(facetField + ".ref", "'" + ref + "' is a " + ref.kind().id()
                        + "; the outputs of a training run are checkpoints.");
            }
            origins.put(field + ".key", facetField + ".ref");
            origins.put(field + ".version", facetField + ".ref");
        } else {
            String version = datasetVersion(output, false);
            ref = ref(Kind.CHECKPOINT, output.name(), output.field() + ".name", version == null ? run.version() : version,
                    version == null ? "run.runId" : output.field() + ".facets.version.datasetVersion");
            origins.put(field + ".key", output.field() + ".name");
        }
        String uri = provenant.has("uri") ? RunEvent.text(provenant, "uri", facetField + ".uri", true)
                : output.namespace() + (output.namespace().endsWith("/") ? "" : "/") + output.name();
        origins.put(field, facetField);
        origins.put(field + ".producedBy", "run");
        return new CheckpointInput(ref.key(), ref.version(), project,
                provenant.has("supersedes") ? RunEvent.text(provenant, "supersedes", facetField + ".supersedes", true) : null,
                run.toString(), uri, RunEvent.text(provenant, "weightsDigest", facetField + ".weightsDigest", true),
                provenant.has("baseModel") ? RunEvent.text(provenant, "baseModel", facetField + ".baseModel", true) : null);
    }

    private RegistrationInput read(ObjectNode body, Class<? extends RegistrationInput> type, Map<String, String> origins,
            String runField) {
        try {
            return strict.treeToValue(body, type);
        } catch (JsonMappingException e) {
            String path = Checks.field(e);
            String field = new Mapped(List.of(), origins, Map.of(), null).eventField(runField + (path.isEmpty() ? "" : "." + path));
            String reason = e.getOriginalMessage();
            int cut = reason.indexOf(" (class ");
            throw ProvenantError.invalid(field, (cut > 0 ? reason.substring(0, cut) : reason) + ".");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ProvenantError.invalid(origins.get(runField), "cannot be read: " + e.getOriginalMessage());
        }
    }

    private static ArtifactRef ref(Kind kind, String key, String keyField, String version, String versionField) {
        try {
            ArtifactRef.of(kind, null, key, "1");
        } catch (ProvenantError e) {
            throw e.at(keyField);
        }
        try {
            return ArtifactRef.of(kind, null, key, version);
        } catch (ProvenantError e) {
            throw e.at(versionField);
        }
    }
}
