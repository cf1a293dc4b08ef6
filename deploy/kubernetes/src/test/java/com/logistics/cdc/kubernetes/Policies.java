package com.logistics.cdc.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What every workload of the manifests must hold, as findings (none is a pass): each container with startup,
 * liveness and readiness probes, CPU and memory requests and limits, a hardened security context (non-root,
 * read-only root filesystem, no privilege escalation, all capabilities dropped, the runtime's seccomp profile) and a
 * pinned image; and every Strimzi object on {@code kafka.strimzi.io/v1}.
 */
final class Policies {

    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet");

    private Policies() {
    }

    static List<String> findings(List<JsonNode> objects) {
        List<String> findings = new ArrayList<>();
        for (JsonNode object : objects) {
            if (object.path("apiVersion").asText().startsWith("kafka.strimzi.io/") && !object.path("apiVersion").asText().equals("kafka.strimzi.io/v1")) {
                findings.add(Manifests.name(object) + ": apiVersion " + object.path("apiVersion").asText() + ", not kafka.strimzi.io/v1");
            }
            if (WORKLOADS.contains(object.path("kind").asText())) {
                findings.addAll(workload(object));
            }
        }
        return findings;
    }

    private static List<String> workload(JsonNode object) {
        List<String> findings = new ArrayList<>();
        JsonNode pod = object.path("spec").path("template").path("spec");
        JsonNode podSecurity = pod.path("securityContext");
        List<JsonNode> containers = new ArrayList<>();
        pod.path("initContainers").forEach(containers::add);
        pod.path("containers").forEach(containers::add);
        if (containers.isEmpty()) {
            findings.add(Manifests.name(object) + ": no containers");
        }
        for (JsonNode container : containers) {
            String where = Manifests.name(object) + " container " + container.path("name").asText();
            boolean init = pod.path("initContainers").findValues("name").stream().anyMatch(n -> n.equals(container.path("name")));
            if (!init) {
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    if (container.path(probe).isMissingNode() || container.path(probe).isEmpty()) {
                        findings.add(where + ": no " + probe);
                    }
                }
            }
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (container.path("resources").path(kind).path(resource).asText().isBlank()) {
                        findings.add(where + ": no resources." + kind + "." + resource);
                    }
                }
            }
            JsonNode security = container.path("securityContext");
            if (!security.path("runAsNonRoot").asBoolean(podSecurity.path("runAsNonRoot").asBoolean(false))) {
                findings.add(where + ": runAsNonRoot is not true");
            }
            if (security.path("runAsUser").asLong(podSecurity.path("runAsUser").asLong(-1)) == 0) {
                findings.add(where + ": runs as uid 0");
            }
            if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
                findings.add(where + ": readOnlyRootFilesystem is not true");
            }
            if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
                findings.add(where + ": allowPrivilegeEscalation is not false");
            }
            if (security.path("privileged").asBoolean(false)) {
                findings.add(where + ": privileged");
            }
            if (!containsText(security.path("capabilities").path("drop"), "ALL")) {
                findings.add(where + ": capabilities.drop does not hold ALL");
            }
            if (!security.path("capabilities").path("add").isMissingNode() && !security.path("capabilities").path("add").isEmpty()) {
                findings.add(where + ": adds capabilities " + security.path("capabilities").path("add"));
            }
            String seccomp = security.path("seccompProfile").path("type").asText(podSecurity.path("seccompProfile").path("type").asText(""));
            if (!seccomp.equals("RuntimeDefault")) {
                findings.add(where + ": seccompProfile is not RuntimeDefault");
            }
            String image = container.path("image").asText();
            if (!pinned(image)) {
                findings.add(where + ": image '" + image + "' is not pinned to a tag or digest");
            }
        }
        return findings;
    }

    /** A digest, or a tag other than latest. */
    static boolean pinned(String image) {
        if (image.contains("@sha256:")) {
            return true;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash && colon < image.length() - 1 && !image.substring(colon + 1).equals("latest");
    }

    private static boolean containsText(JsonNode array, String text) {
        for (JsonNode item : array) {
            if (item.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }
}
