package com.logistics.cdc.stack.junit;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * A service as its prod profile guards what changes state (application.properties, "Who may change state"): the
 * permission on, the operator with a password of the test's, and a user of another role to be refused.
 */
public class OperatorAccessProfile implements QuarkusTestProfile {

    public static final String OPERATOR_PASSWORD = "operator-secret-of-this-test";
    public static final String VIEWER_PASSWORD = "viewer-secret-of-this-test";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.http.auth.permission.changes.enabled", "true",
                "quarkus.security.users.embedded.users.operator", OPERATOR_PASSWORD,
                "quarkus.security.users.embedded.users.viewer", VIEWER_PASSWORD,
                "quarkus.security.users.embedded.roles.viewer", "viewer");
    }
}
