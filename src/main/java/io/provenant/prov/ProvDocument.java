package io.provenant.prov;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.provenant.artifact.EdgeType;
import io.provenant.artifact.Kind;
import io.provenant.lineage.LineageGraph.Attribute;
import io.provenant.lineage.LineageGraph.LineageEdge;
import io.provenant.lineage.LineageGraph.LineageNode;

/**
 * A lineage answer as a W3C PROV-JSON document (W3C Member Submission, 2013-04-24). Every artifact is one record
 * named by its ref, which is a PROV qualified name: each kind is a prefix ({@code dataset:hh-train@1} is local name
 * {@code hh-train@1} in {@code urn:provenant:dataset:}).
 *
 * <ul>
 * <li>Entities (things made): policy, rubric, feedback, triage, adjudication, dataset (also {@code prov:Collection}),
 * checkpoint, gate-policy, release.</li>
 * <li>Activities (things done): training-run, eval-run, calibration, escalation, gate (a gate decision).</li>
 * <li>Agents: reviewers ({@code prov:Person}); the registering actors of the journal ({@code prov:SoftwareAgent},
 * {@code actor:<name>}), each acting on behalf of the project it registered in ({@code prov:Organization},
 * {@code project:<name>}).</li>
 * </ul>
 * A lineage edge becomes, by the classes of its ends: entity→activity {@code wasGeneratedBy} (PRODUCED_BY; other
 * edge types {@code wasInfluencedBy}); activity→entity {@code used} (role: the edge type); entity→entity
 * {@code wasDerivedFrom} (DERIVED_FROM, IMPLEMENTS, RESOLVES, RELEASES; SUPERSEDES as {@code prov:Revision}),
 * {@code hadMember} (HAS_MEMBER) or {@code wasInfluencedBy} (UNDER_RUBRIC, UNDER_POLICY, ROUTED_BY, DISJOINT_FROM);
 * entity→agent {@code wasAttributedTo}; activity→agent {@code wasAssociatedWith}; activity→activity
 * {@code wasInformedBy}; anything else {@code wasInfluencedBy}. Every relation carries {@code provenant:edge} (the
 * edge type) and {@code provenant:since}. Each entity is also {@code wasAttributedTo} its registering actor and each
 * activity {@code wasAssociatedWith} it (type {@code provenant:Registration}, role {@code provenant:registrar}).
 */
public final class ProvDocument {

    /** Which PROV class a kind is. */
    public enum ProvClass {
        ENTITY, ACTIVITY, AGENT
    }

    public static final String NAMESPACE = "urn:provenant:";
    private static final Set<Kind> ACTIVITIES = EnumSet.of(Kind.TRAINING_RUN, Kind.EVAL_RUN, Kind.CALIBRATION,
            Kind.ESCALATION, Kind.GATE);
    private static final Set<EdgeType> DERIVATIONS = EnumSet.of(EdgeType.DERIVED_FROM, EdgeType.IMPLEMENTS,
            EdgeType.RESOLVES, EdgeType.RELEASES, EdgeType.SUPERSEDES);

    private ProvDocument() {
    }

    public static ProvClass classOf(Kind kind) {
        if (kind == Kind.REVIEWER) {
            return ProvClass.AGENT;
        }
        return ACTIVITIES.contains(kind) ? ProvClass.ACTIVITY : ProvClass.ENTITY;
    }

    /** The document of these nodes and edges (all pages of one lineage answer). */
    public static ObjectNode of(List<LineageNode> nodes, List<LineageEdge> edges) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode doc = json.objectNode();
        ObjectNode prefix = doc.putObject("prefix");
        prefix.put("prov", "http://www.w3.org/ns/prov#");
        prefix.put("xsd", "http://www.w3.org/2001/XMLSchema#");
        prefix.put("provenant", NAMESPACE + "vocab#");
        prefix.put("actor", NAMESPACE + "actor:");
        prefix.put("project", NAMESPACE + "project:");
        Set<Kind> kinds = new TreeSet<>();
        nodes.forEach(n -> kinds.add(n.kind()));
        kinds.forEach(k -> prefix.put(k.id(), NAMESPACE + k.id() + ":"));

        Map<String, ObjectNode> sections = new LinkedHashMap<>();
        for (String section : List.of("entity", "activity", "agent", "wasGeneratedBy", "used", "wasDerivedFrom",
                "wasAttributedTo", "wasAssociatedWith", "actedOnBehalfOf", "wasInformedBy", "wasInfluencedBy", "hadMember")) {
            sections.put(section, json.objectNode());
        }
        Map<String, Kind> kindOf = new LinkedHashMap<>();
        Map<String, String> delegations = new LinkedHashMap<>();
        for (LineageNode node : nodes) {
            kindOf.put(node.ref(), node.kind());
            ProvClass provClass = classOf(node.kind());
            ObjectNode record = sections.get(provClass.name().toLowerCase()).putObject(node.ref());
            var types = record.putArray("prov:type");
            types.add(qname(json, "provenant:" + node.kind().label()));
            if (node.kind() == Kind.DATASET) {
                types.add(qname(json, "prov:Collection"));
            }
            if (node.kind() == Kind.REVIEWER) {
                types.add(qname(json, "prov:Person"));
            }
            record.put("prov:label", node.ref());
            record.put("provenant:kind", node.kind().id());
            record.put("provenant:key", node.key());
            record.put("provenant:version", node.version());
            record.put("provenant:project", node.project());
            record.set("provenant:registeredAt", typed(json, node.registeredAt().toInstant().toString(), "xsd:dateTime"));
            if (node.digest() != null) {
                record.put("provenant:digest", node.digest());
            }
            for (Attribute attribute : node.attributes()) {
                record.put("provenant:" + attribute.name(), attribute.value());
            }
            if (node.registeredBy() != null && provClass != ProvClass.AGENT) {
                String actor = "actor:" + local(node.registeredBy());
                ObjectNode agent = sections.get("agent");
                if (!agent.has(actor)) {
                    ObjectNode a = agent.putObject(actor);
                    a.putArray("prov:type").add(qname(json, "prov:SoftwareAgent"));
                    a.put("prov:label", node.registeredBy());
                }
                String project = "project:" + local(node.project());
                if (!agent.has(project)) {
                    ObjectNode o = agent.putObject(project);
                    o.putArray("prov:type").add(qname(json, "prov:Organization"));
                    o.put("prov:label", node.project());
                }
                delegations.putIfAbsent(actor + " " + project, actor);
                ObjectNode relation = provClass == ProvClass.ENTITY
                        ? relation(sections, "wasAttributedTo", "prov:entity", node.ref(), "prov:agent", actor)
                        : relation(sections, "wasAssociatedWith", "prov:activity", node.ref(), "prov:agent", actor);
                // prov:role is for associations; an attribution says what it is by prov:type.
                relation.set(provClass == ProvClass.ENTITY ? "prov:type" : "prov:role", qname(json,
                        provClass == ProvClass.ENTITY ? "provenant:Registration" : "provenant:registrar"));
                relation.set("provenant:since", typed(json, node.registeredAt().toInstant().toString(), "xsd:dateTime"));
            }
        }
        delegations.keySet().forEach(pair -> {
            String[] parts = pair.split(" ");
            relation(sections, "actedOnBehalfOf", "prov:delegate", parts[0], "prov:responsible", parts[1]);
        });
        for (LineageEdge edge : edges) {
            Kind from = kindOf.get(edge.from());
            Kind to = kindOf.get(edge.to());
            if (from == null || to == null) {
                continue;
            }
            ObjectNode relation = edge(sections, classOf(from), classOf(to), edge);
            relation.put("provenant:edge", edge.type().name());
            if (edge.since() != null) {
                relation.set("provenant:since", typed(json, edge.since().toInstant().toString(), "xsd:dateTime"));
            }
        }
        sections.forEach((name, section) -> {
            if (!section.isEmpty()) {
                doc.set(name, section);
            }
        });
        return doc;
    }

    private static ObjectNode edge(Map<String, ObjectNode> s, ProvClass from, ProvClass to, LineageEdge e) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        String a = e.from();
        String b = e.to();
        if (from == ProvClass.ENTITY && to == ProvClass.ACTIVITY && e.type() == EdgeType.PRODUCED_BY) {
            return relation(s, "wasGeneratedBy", "prov:entity", a, "prov:activity", b);
        }
        if (from == ProvClass.ACTIVITY && to == ProvClass.ENTITY) {
            ObjectNode used = relation(s, "used", "prov:activity", a, "prov:entity", b);
            used.set("prov:role", qname(json, "provenant:" + e.type().name()));
            return used;
        }
        if (from == ProvClass.ENTITY && to == ProvClass.ENTITY) {
            if (e.type() == EdgeType.HAS_MEMBER) {
                return relation(s, "hadMember", "prov:collection", a, "prov:entity", b);
            }
            if (DERIVATIONS.contains(e.type())) {
                ObjectNode derivation = relation(s, "wasDerivedFrom", "prov:generatedEntity", a, "prov:usedEntity", b);
                if (e.type() == EdgeType.SUPERSEDES) {
                    derivation.set("prov:type", qname(json, "prov:Revision"));
                }
                return derivation;
            }
        }
        if (from == ProvClass.ENTITY && to == ProvClass.AGENT) {
            return relation(s, "wasAttributedTo", "prov:entity", a, "prov:agent", b);
        }
        if (from == ProvClass.ACTIVITY && to == ProvClass.AGENT) {
            return relation(s, "wasAssociatedWith", "prov:activity", a, "prov:agent", b);
        }
        if (from == ProvClass.ACTIVITY && to == ProvClass.ACTIVITY) {
            return relation(s, "wasInformedBy", "prov:informed", a, "prov:informant", b);
        }
        return relation(s, "wasInfluencedBy", "prov:influencee", a, "prov:influencer", b);
    }

    private static ObjectNode relation(Map<String, ObjectNode> sections, String section, String firstRole, String first,
            String secondRole, String second) {
        ObjectNode relations = sections.get(section);
        ObjectNode relation = relations.putObject("_:" + abbreviation(section) + (relations.size() + 1));
        relation.put(firstRole, first);
        relation.put(secondRole, second);
        return relation;
    }

    private static String abbreviation(String section) {
        return switch (section) {
            case "wasGeneratedBy" -> "g";
            case "used" -> "u";
            case "wasDerivedFrom" -> "d";
            case "wasAttributedTo" -> "at";
            case "wasAssociatedWith" -> "as";
            case "actedOnBehalfOf" -> "del";
            case "wasInformedBy" -> "inf";
            case "hadMember" -> "m";
            default -> "i";
        };
    }

    private static ObjectNode qname(JsonNodeFactory json, String name) {
        return typed(json, name, "xsd:QName");
    }

    private static ObjectNode typed(JsonNodeFactory json, String value, String type) {
        ObjectNode literal = json.objectNode();
        literal.put("$", value);
        literal.put("type", type);
        return literal;
    }

    /** A name as the local part of a qualified name: characters outside [A-Za-z0-9._/-] percent-encoded. */
    static String local(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '/' || c == '-') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
