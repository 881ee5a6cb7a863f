package io.provenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Kustomization;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Every file under {@code k8s/} parses with the fabric8 Kubernetes model (no unknown kind, no unknown field), and the
 * rendered overlays keep the invariants that matter: probes hit the app's health endpoints on its HTTP port, every
 * environment variable is a real configuration key of the app (README "Configuration"), every Secret and ConfigMap
 * reference resolves (or, in prod, is one of the Secrets k8s/README.md tells the operator to create), selectors match
 * labels, and only the API reaches the databases.
 *
 * <p>Overlays are rendered by a minimal kustomize written here ({@link #render}): {@code resources} (files and
 * directories), {@code patches} (strategic merge of a partial object onto the object of the same kind and name: maps
 * merge, lists of named items merge by {@code name}, other lists are replaced), {@code secretGenerator} literals
 * (with {@code disableNameSuffixHash}) and {@code namespace}. When {@code kubectl} is on the PATH the overlays are
 * also rendered by {@code kubectl kustomize} and the same invariants are checked on its output, which must hold the
 * same objects.
 */
class K8sManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final KubernetesSerialization MODEL = new KubernetesSerialization();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Files under k8s/ that are not Kubernetes objects: kustomizations (parsed as such) and Helm values. */
    private static final Set<String> NOT_OBJECTS = Set.of("kustomization.yaml", "neo4j-values.yaml");
    /** Environment variables of the API container that are not app config keys, each with its reason. */
    private static final Map<String, String> NON_CONFIG_ENV = Map.of(
            "JAVA_TOOL_OPTIONS", "read by the JVM itself");
    /** Secrets an overlay expects to exist already (created by the operator, documented in k8s/README.md). */
    private static final Map<String, Set<String>> EXTERNAL_SECRETS = Map.of("dev", Set.of(), "prod", Set.of("provenant-credentials"));
    private static final String API = "provenant-api";
    private static final Set<String> HEALTH = Set.of("/q/health/live", "/q/health/ready", "/q/health/started");

    @Test
    void everyFileParsesWithTheKubernetesModelAndHasNoUnknownField() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(K8S)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 14, "manifests found: " + files);
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.equals("kustomization.yaml")) {
                Kustomization kustomization = MODEL.unmarshal(Files.readString(file), Kustomization.class);
                assertNoUnknownFields(kustomization, file.toString());
            } else if (name.equals("neo4j-values.yaml")) {
                Map<?, ?> values = YAML.readValue(file.toFile(), Map.class);
                Map<?, ?> neo4j = (Map<?, ?>) values.get("neo4j");
                assertEquals(3, ((Number) neo4j.get("minimumClusterSize")).intValue(), "three primaries");
                assertEquals("enterprise", neo4j.get("edition"), "clustering needs Enterprise Edition");
            } else {
                for (Map<String, Object> document : documents(file)) {
                    HasMetadata object = typed(document, file.toString());
                    assertNotNull(object.getMetadata().getName(), file + ": every object is named");
                }
            }
        }
    }

    @Test
    void devOverlayKeepsTheInvariants() throws Exception {
        List<HasMetadata> rendered = renderTyped("dev");
        checkInvariants("dev", rendered);
        assertEquals(2, objects(rendered, StatefulSet.class).size(), "Neo4j and PostgreSQL run in the dev cluster");
        StatefulSet neo4j = named(rendered, StatefulSet.class, "neo4j");
        assertTrue(neo4j.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().startsWith("neo4j:5.26"),
                "Neo4j 5.26, as the app is tested against");
        assertTrue(rendered.stream().allMatch(o -> o instanceof io.fabric8.kubernetes.api.model.Namespace
                || "provenant-dev".equals(o.getMetadata().getNamespace())), "every object in the overlay's namespace");
        crossCheckWithKubectl("dev", rendered);
    }

    @Test
    void prodOverlayKeepsTheInvariants() throws Exception {
        List<HasMetadata> rendered = renderTyped("prod");
        checkInvariants("prod", rendered);
        assertTrue(objects(rendered, StatefulSet.class).isEmpty(), "prod runs no database in the API's namespace");
        assertEquals(3, named(rendered, Deployment.class, API).getSpec().getReplicas());
        ConfigMap config = named(rendered, ConfigMap.class, "provenant-config");
        String neo4jUri = config.getData().get("QUARKUS_NEO4J_URI");
        Map<?, ?> values = YAML.readValue(K8S.resolve("overlays/prod/neo4j-values.yaml").toFile(), Map.class);
        String cluster = (String) ((Map<?, ?>) values.get("neo4j")).get("name");
        assertTrue(neo4jUri.startsWith("neo4j://" + cluster + "-lb-neo4j."), "the URI names the Helm cluster's service: " + neo4jUri);
        assertTrue(config.getData().get("QUARKUS_DATASOURCE_JDBC_URL").contains("targetServerType=primary"),
                "pgjdbc follows a PostgreSQL failover to the new primary");
        String readme = Files.readString(K8S.resolve("README.md"));
        Container api = apiContainer(rendered);
        for (EnvVar env : api.getEnv()) {
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                assertTrue(readme.contains(env.getValueFrom().getSecretKeyRef().getKey()),
                        "k8s/README.md tells the operator to create key " + env.getValueFrom().getSecretKeyRef().getKey());
            }
        }
        crossCheckWithKubectl("prod", rendered);
    }

    @Test
    void theDockerfileRunsTheQuarkusAppAsTheDeploymentsUser() throws IOException {
        String dockerfile = Files.readString(Path.of("src", "main", "docker", "Dockerfile.jvm"));
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)").matcher(dockerfile);
        assertTrue(user.find(), "a numeric non-root USER");
        long uid = Long.parseLong(user.group(1));
        assertTrue(uid > 0);
        Deployment deployment = named(renderTyped("dev"), Deployment.class, API);
        assertEquals(uid, deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser());
        assertTrue(dockerfile.contains("EXPOSE " + appHttpPort()), "EXPOSE the app's port");
        for (String part : List.of("target/quarkus-app/lib/", "target/quarkus-app/app/", "target/quarkus-app/quarkus/",
                "target/quarkus-app/quarkus-run.jar")) {
            assertTrue(dockerfile.contains(part), "copies " + part + " (the fast-jar layout `package` builds)");
        }
        assertTrue(Pattern.compile("(?m)^ENTRYPOINT \\[\"java\",.*\"quarkus-run.jar\"\\]").matcher(dockerfile).find()
                || dockerfile.contains("ENTRYPOINT [\"java\", \"-jar\", \"/deployments/quarkus-run.jar\"]"), "exec-form java entrypoint");
        assertTrue(Pattern.compile("(?m)^FROM \\S+:\\S+").matcher(dockerfile).find(), "a pinned base image tag");
    }

    // ---- Invariants -------------------------------------------------------------------------------------------------

    private static void checkInvariants(String overlay, List<HasMetadata> rendered) throws IOException {
        Deployment deployment = named(rendered, Deployment.class, API);
        assertTrue(deployment.getSpec().getReplicas() >= 2, overlay + ": two replicas at least");
        PodTemplateSpec pod = deployment.getSpec().getTemplate();
        assertSelects(deployment.getSpec().getSelector(), pod.getMetadata().getLabels(), overlay + " Deployment selector");
        Container api = apiContainer(rendered);

        // Probes: the app's health endpoints, on the container port that is the app's HTTP port.
        int httpPort = appHttpPort();
        ConfigMap config = named(rendered, ConfigMap.class, "provenant-config");
        assertEquals(Integer.toString(httpPort), config.getData().getOrDefault("QUARKUS_HTTP_PORT", Integer.toString(httpPort)));
        Map<String, Integer> ports = api.getPorts().stream().collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
        assertEquals(httpPort, ports.get("http"), overlay + ": the container port named http is the app's HTTP port");
        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put("/q/health/started", api.getStartupProbe());
        probes.put("/q/health/live", api.getLivenessProbe());
        probes.put("/q/health/ready", api.getReadinessProbe());
        probes.forEach((path, probe) -> {
            assertNotNull(probe, overlay + ": probe for " + path);
            assertEquals(path, probe.getHttpGet().getPath());
            assertEquals(httpPort, resolvePort(probe.getHttpGet().getPort(), ports), overlay + ": probe port of " + path);
        });
        assertTrue(HEALTH.containsAll(probes.keySet()));

        // Hardening and sizing.
        assertEquals(Boolean.TRUE, pod.getSpec().getSecurityContext().getRunAsNonRoot(), overlay + ": non-root");
        assertTrue(pod.getSpec().getSecurityContext().getRunAsUser() > 0);
        assertEquals(Boolean.TRUE, api.getSecurityContext().getReadOnlyRootFilesystem(), overlay + ": read-only root filesystem");
        assertEquals(Boolean.FALSE, api.getSecurityContext().getAllowPrivilegeEscalation());
        assertTrue(api.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")), "a writable /tmp");
        Map<String, Quantity> requests = api.getResources().getRequests();
        Map<String, Quantity> limits = api.getResources().getLimits();
        for (String resource : List.of("cpu", "memory")) {
            assertNotNull(requests.get(resource), overlay + ": request " + resource);
            assertNotNull(limits.get(resource), overlay + ": limit " + resource);
            assertTrue(Quantity.getAmountInBytes(limits.get(resource)).compareTo(Quantity.getAmountInBytes(requests.get(resource))) >= 0);
        }
        // The measured ingest peak (776 MB RSS, README) must fit under the memory limit.
        assertTrue(Quantity.getAmountInBytes(limits.get("memory")).longValue() > 776L * 1024 * 1024, "memory limit above the measured peak");

        // Environment: real config keys only; every reference resolves.
        Set<String> configKeys = readmeConfigVariables();
        Set<String> envNames = new TreeSet<>();
        api.getEnv().forEach(e -> envNames.add(e.getName()));
        for (var source : api.getEnvFrom()) {
            assertNotNull(source.getConfigMapRef(), "envFrom uses ConfigMaps only");
            ConfigMap from = named(rendered, ConfigMap.class, source.getConfigMapRef().getName());
            envNames.addAll(from.getData().keySet());
        }
        for (String name : envNames) {
            assertTrue(configKeys.contains(name) || NON_CONFIG_ENV.containsKey(name),
                    overlay + ": env " + name + " is neither in README's Configuration table nor an allowed non-config variable");
        }
        assertTrue(envNames.containsAll(List.of("QUARKUS_NEO4J_URI", "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_NEO4J_AUTHENTICATION_PASSWORD")), overlay + ": the databases are configured, "
                + "so the app starts no embedded server");
        assertTrue(config.getData().get("QUARKUS_NEO4J_URI").startsWith("neo4j://"), "the routing scheme");
        assertTrue(config.getData().get("QUARKUS_DATASOURCE_JDBC_URL").startsWith("jdbc:postgresql://"));
        for (HasMetadata object : rendered) {
            PodTemplateSpec template = template(object);
            if (template != null) {
                for (Container container : template.getSpec().getContainers()) {
                    checkReferences(overlay, rendered, object.getMetadata().getName() + "/" + container.getName(), container);
                }
            }
        }

        // Services, PDB, HPA select what exists.
        for (Service service : objects(rendered, Service.class)) {
            List<PodTemplateSpec> selected = templates(rendered).stream()
                    .filter(t -> labelsMatch(service.getSpec().getSelector(), t.getMetadata().getLabels())).toList();
            assertFalse(selected.isEmpty(), overlay + ": Service " + service.getMetadata().getName() + " selects no pod");
            for (ServicePort port : service.getSpec().getPorts()) {
                for (PodTemplateSpec t : selected) {
                    Map<String, Integer> named = t.getSpec().getContainers().stream().flatMap(c -> c.getPorts().stream())
                            .filter(p -> p.getName() != null).collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
                    assertNotNull(resolvePort(port.getTargetPort(), named), overlay + ": Service " + service.getMetadata().getName()
                            + " targets port " + port.getTargetPort() + " that its pods have");
                }
            }
        }
        assertSelects(named(rendered, PodDisruptionBudget.class, API).getSpec().getSelector(), pod.getMetadata().getLabels(), "PDB");
        HorizontalPodAutoscaler hpa = named(rendered, HorizontalPodAutoscaler.class, API);
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals(API, hpa.getSpec().getScaleTargetRef().getName());
        assertTrue(hpa.getSpec().getMinReplicas() >= 2);
        for (StatefulSet set : objects(rendered, StatefulSet.class)) {
            assertSelects(set.getSpec().getSelector(), set.getSpec().getTemplate().getMetadata().getLabels(), "StatefulSet " + set.getMetadata().getName());
            named(rendered, Service.class, set.getSpec().getServiceName());
        }

        // Only the API reaches the databases.
        NetworkPolicy databases = named(rendered, NetworkPolicy.class, "provenant-databases");
        for (StatefulSet set : objects(rendered, StatefulSet.class)) {
            assertTrue(selects(databases.getSpec().getPodSelector(), set.getSpec().getTemplate().getMetadata().getLabels()),
                    overlay + ": the database policy covers " + set.getMetadata().getName());
        }
        List<NetworkPolicyPeer> allowed = databases.getSpec().getIngress().stream().flatMap(i -> i.getFrom().stream()).toList();
        assertFalse(allowed.isEmpty());
        for (NetworkPolicyPeer peer : allowed) {
            assertTrue(peer.getIpBlock() == null && peer.getNamespaceSelector() == null, "pods of this namespace only");
            for (PodTemplateSpec t : templates(rendered)) {
                boolean isApi = t == pod;
                assertEquals(isApi, selects(peer.getPodSelector(), t.getMetadata().getLabels()),
                        overlay + ": database ingress admits the API and nothing else");
            }
        }
        NetworkPolicy apiPolicy = named(rendered, NetworkPolicy.class, API);
        assertTrue(selects(apiPolicy.getSpec().getPodSelector(), pod.getMetadata().getLabels()));
        Set<Integer> egressPorts = apiPolicy.getSpec().getEgress().stream().flatMap(e -> e.getPorts().stream())
                .map(NetworkPolicyPort::getPort).map(IntOrString::getIntVal).filter(Objects::nonNull).collect(Collectors.toSet());
        assertTrue(egressPorts.containsAll(Set.of(7687, 5432)), overlay + ": the API may reach Bolt and PostgreSQL: " + egressPorts);
        if (!objects(rendered, StatefulSet.class).isEmpty()) {
            // In-cluster databases: the URIs name their Services on their ports.
            assertUriNamesService(rendered, config.getData().get("QUARKUS_NEO4J_URI").replace("neo4j://", ""));
            assertUriNamesService(rendered, config.getData().get("QUARKUS_DATASOURCE_JDBC_URL").replace("jdbc:postgresql://", "").replaceAll("/.*", ""));
        }
    }

    private static void checkReferences(String overlay, List<HasMetadata> rendered, String where, Container container) {
        Set<String> external = EXTERNAL_SECRETS.get(overlay);
        for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            if (env.getValueFrom() == null) {
                continue;
            }
            var secretRef = env.getValueFrom().getSecretKeyRef();
            if (secretRef != null) {
                if (external.contains(secretRef.getName())) {
                    continue;
                }
                Secret secret = named(rendered, Secret.class, secretRef.getName());
                Set<String> keys = new LinkedHashSet<>();
                if (secret.getData() != null) {
                    keys.addAll(secret.getData().keySet());
                }
                if (secret.getStringData() != null) {
                    keys.addAll(secret.getStringData().keySet());
                }
                assertTrue(keys.contains(secretRef.getKey()), overlay + ": " + where + " needs key " + secretRef.getKey()
                        + " of Secret " + secretRef.getName() + ", which has " + keys);
            }
            var configRef = env.getValueFrom().getConfigMapKeyRef();
            if (configRef != null) {
                assertTrue(named(rendered, ConfigMap.class, configRef.getName()).getData().containsKey(configRef.getKey()));
            }
        }
    }

    private static void assertUriNamesService(List<HasMetadata> rendered, String hostAndPort) {
        String[] parts = hostAndPort.split(":");
        Service service = named(rendered, Service.class, parts[0]);
        assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == Integer.parseInt(parts[1])),
                "Service " + parts[0] + " listens on " + parts[1]);
    }

    // ---- The app's side ---------------------------------------------------------------------------------------------

    private static int appHttpPort() throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(Path.of("src", "main", "resources", "application.properties"))) {
            properties.load(in);
        }
        for (String moved : List.of("quarkus.http.root-path", "quarkus.http.non-application-root-path", "quarkus.smallrye-health.root-path")) {
            assertFalse(properties.containsKey(moved), moved + " would move the probe paths");
        }
        return Integer.parseInt(properties.getProperty("quarkus.http.port", "8080"));
    }

    /** The variables of README's Configuration table, each checked to be its property's MicroProfile env name. */
    private static Set<String> readmeConfigVariables() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `([A-Z0-9_]+)` \\| `([a-z0-9.-]+)` \\|").matcher(Files.readString(Path.of("README.md")));
        while (row.find()) {
            assertEquals(row.group(2).toUpperCase().replaceAll("[^A-Z0-9]", "_"), row.group(1), "README row " + row.group(0));
            names.add(row.group(1));
        }
        assertTrue(names.size() > 10, "README's Configuration table: " + names);
        return names;
    }

    // ---- Rendering ----------------------------------------------------------------------------------------------

    private static List<HasMetadata> renderTyped(String overlay) throws IOException {
        List<HasMetadata> typed = new ArrayList<>();
        for (Map<String, Object> object : render(K8S.resolve("overlays").resolve(overlay))) {
            typed.add(typed(object, overlay));
        }
        return typed;
    }

    /** The minimal kustomize described in the class comment. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> render(Path dir) throws IOException {
        Map<String, Object> kustomization = YAML.readValue(dir.resolve("kustomization.yaml").toFile(), Map.class);
        Set<String> supported = Set.of("apiVersion", "kind", "resources", "patches", "namespace", "secretGenerator", "generatorOptions");
        assertTrue(supported.containsAll(kustomization.keySet()), dir + " uses a kustomize feature this renderer lacks: " + kustomization.keySet());
        List<Map<String, Object>> objects = new ArrayList<>();
        for (String resource : (List<String>) kustomization.getOrDefault("resources", List.of())) {
            Path path = dir.resolve(resource).normalize();
            objects.addAll(Files.isDirectory(path) ? render(path) : documents(path));
        }
        List<Map<String, Object>> generators = (List<Map<String, Object>>) kustomization.getOrDefault("secretGenerator", List.of());
        if (!generators.isEmpty()) {
            Map<String, Object> options = (Map<String, Object>) kustomization.getOrDefault("generatorOptions", Map.of());
            assertEquals(Boolean.TRUE, options.get("disableNameSuffixHash"), dir + ": this renderer does not hash generated names");
        }
        for (Map<String, Object> generator : generators) {
            Map<String, Object> data = new LinkedHashMap<>();
            for (String literal : (List<String>) generator.get("literals")) {
                int eq = literal.indexOf('=');
                data.put(literal.substring(0, eq), java.util.Base64.getEncoder()
                        .encodeToString(literal.substring(eq + 1).getBytes(StandardCharsets.UTF_8)));
            }
            Map<String, Object> secret = new LinkedHashMap<>();
            secret.put("apiVersion", "v1");
            secret.put("kind", "Secret");
            secret.put("metadata", new LinkedHashMap<>(Map.of("name", generator.get("name"))));
            secret.put("type", "Opaque");
            secret.put("data", data);
            objects.add(secret);
        }
        for (Map<String, Object> patch : (List<Map<String, Object>>) kustomization.getOrDefault("patches", List.of())) {
            assertEquals(Set.of("path"), patch.keySet(), dir + ": patches by file only");
            for (Map<String, Object> partial : documents(dir.resolve((String) patch.get("path")))) {
                List<Map<String, Object>> targets = objects.stream().filter(o -> Objects.equals(o.get("kind"), partial.get("kind"))
                        && Objects.equals(name(o), name(partial))).toList();
                assertEquals(1, targets.size(), dir + ": patch " + patch + " must match one object");
                merge(targets.get(0), partial);
            }
        }
        Object namespace = kustomization.get("namespace");
        if (namespace != null) {
            for (Map<String, Object> object : objects) {
                if (!"Namespace".equals(object.get("kind"))) {
                    ((Map<String, Object>) object.get("metadata")).put("namespace", namespace);
                }
            }
        }
        return objects;
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> target, Map<String, Object> patch) {
        patch.forEach((key, value) -> {
            Object current = target.get(key);
            if (current instanceof Map && value instanceof Map) {
                merge((Map<String, Object>) current, (Map<String, Object>) value);
            } else if (current instanceof List<?> list && value instanceof List<?> items && namedItems(list) && namedItems(items)) {
                List<Object> merged = new ArrayList<>(list);
                for (Object item : items) {
                    Map<String, Object> named = (Map<String, Object>) item;
                    merged.stream().filter(m -> Objects.equals(((Map<?, ?>) m).get("name"), named.get("name"))).findFirst()
                            .ifPresentOrElse(m -> merge((Map<String, Object>) m, named), () -> merged.add(named));
                }
                target.put(key, merged);
            } else {
                target.put(key, value);
            }
        });
    }

    private static boolean namedItems(List<?> list) {
        return !list.isEmpty() && list.stream().allMatch(i -> i instanceof Map<?, ?> m && m.get("name") != null);
    }

    private static void crossCheckWithKubectl(String overlay, List<HasMetadata> mine) throws Exception {
        Path kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(p -> Path.of(p, "kubectl")).filter(Files::isExecutable).findFirst().orElse(null);
        if (kubectl == null) {
            System.out.println("K8sManifestsTest: no kubectl on PATH; " + overlay + " checked with the built-in renderer only");
            return;
        }
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", K8S.resolve("overlays").resolve(overlay).toString())
                .redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "kubectl kustomize " + overlay + ": " + err);
        List<HasMetadata> theirs = new ArrayList<>();
        for (Object document : YAML.readerFor(Map.class).readValues(out).readAll()) {
            if (document != null) {
                theirs.add(typed(castMap(document), "kubectl kustomize " + overlay));
            }
        }
        assertEquals(keys(mine), keys(theirs), overlay + ": the built-in renderer and kubectl kustomize render the same objects");
        checkInvariants(overlay, theirs);
        for (HasMetadata object : theirs) {
            HasMetadata own = mine.stream().filter(o -> key(o).equals(key(object))).findFirst().orElseThrow();
            assertEquals(YAML.valueToTree(MODEL.convertValue(object, Map.class)), YAML.valueToTree(MODEL.convertValue(own, Map.class)),
                    overlay + ": " + key(object) + " renders the same by kubectl kustomize");
        }
        System.out.println("K8sManifestsTest: " + overlay + " also rendered by " + kubectl + " kustomize: same " + theirs.size() + " objects");
    }

    // ---- Model helpers ------------------------------------------------------------------------------------------

    private static List<Map<String, Object>> documents(Path file) {
        try {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Object document : YAML.readerFor(Map.class).readValues(file.toFile()).readAll()) {
                if (document != null) {
                    documents.add(castMap(document));
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object document) {
        return (Map<String, Object>) document;
    }

    private static HasMetadata typed(Map<String, Object> document, String where) {
        HasMetadata object;
        try {
            object = MODEL.unmarshal(YAML.writeValueAsString(document));
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(where + ": does not parse as a Kubernetes object: " + e.getMessage(), e);
        }
        assertFalse(object instanceof GenericKubernetesResource, where + ": unknown kind " + document.get("apiVersion") + "/" + document.get("kind"));
        assertNoUnknownFields(object, where + " " + object.getKind() + "/" + object.getMetadata().getName());
        return object;
    }

    /** fabric8 keeps fields its model does not know in additionalProperties: a misspelt field lands there. */
    private static void assertNoUnknownFields(Object root, String where) {
        walk(root, where, new IdentityHashMap<>());
    }

    private static void walk(Object node, String path, IdentityHashMap<Object, Boolean> seen) {
        if (node == null || seen.put(node, true) != null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.") || node instanceof Quantity || node instanceof IntOrString) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    fail(path + ": fields unknown to the Kubernetes model: " + extra.keySet());
                }
                continue;
            }
            walk(value, path + "." + getter.getName().substring(3, 4).toLowerCase() + getter.getName().substring(4), seen);
        }
    }

    private static String name(Map<String, Object> object) {
        return (String) ((Map<?, ?>) object.get("metadata")).get("name");
    }

    private static Set<String> keys(List<HasMetadata> objects) {
        return objects.stream().map(K8sManifestsTest::key).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String key(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }

    private static <T extends HasMetadata> List<T> objects(List<HasMetadata> rendered, Class<T> type) {
        return rendered.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T named(List<HasMetadata> rendered, Class<T> type, String name) {
        List<T> found = objects(rendered, type).stream().filter(o -> name.equals(o.getMetadata().getName())).toList();
        assertEquals(1, found.size(), type.getSimpleName() + " " + name + " is rendered exactly once");
        return found.get(0);
    }

    private static Container apiContainer(List<HasMetadata> rendered) {
        List<Container> containers = named(rendered, Deployment.class, API).getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    private static PodTemplateSpec template(HasMetadata object) {
        if (object instanceof Deployment d) {
            return d.getSpec().getTemplate();
        }
        if (object instanceof StatefulSet s) {
            return s.getSpec().getTemplate();
        }
        return null;
    }

    private static List<PodTemplateSpec> templates(List<HasMetadata> rendered) {
        return rendered.stream().map(K8sManifestsTest::template).filter(Objects::nonNull).toList();
    }

    private static Integer resolvePort(IntOrString port, Map<String, Integer> named) {
        return port.getIntVal() != null ? port.getIntVal() : named.get(port.getStrVal());
    }

    private static void assertSelects(LabelSelector selector, Map<String, String> labels, String what) {
        assertTrue(selects(selector, labels), what + " " + selector + " must select labels " + labels);
    }

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        assertTrue(selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty(), "matchLabels only");
        return labelsMatch(selector.getMatchLabels(), labels);
    }

    private static boolean labelsMatch(Map<String, String> wanted, Map<String, String> labels) {
        return wanted != null && !wanted.isEmpty() && labels != null && labels.entrySet().containsAll(wanted.entrySet());
    }
}
