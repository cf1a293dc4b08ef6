package com.logistics.cdc.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The product as users run it in containers: the images {@code make images} builds, started by
 * deploy/compose/compose.yaml, written to through the producer's published port and checked at the customers.
 */
class ComposeProductIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    // customer 2 answers after 30 s, one movement of a package at a time: a package's journey takes minutes
    private static final Duration DELIVERY = Duration.ofMinutes(5);

    private static ComposeProject project;

    @BeforeAll
    static void buildTheImagesAndStartTheProduct() throws Exception {
        Process images = new ProcessBuilder(ComposeProject.ROOT.resolve("deploy/containers/images.sh").toString(), "--quiet")
                .inheritIO().start();
        assertThat(images.waitFor()).as("deploy/containers/images.sh").isZero();
        project = new ComposeProject("package-cdc-it");
        project.close(); // what an earlier, interrupted run left
        project.up();
    }

    @AfterAll
    static void removeEveryContainerNetworkAndVolume() {
        if (project != null) {
            project.close();
        }
    }

    @Test
    void everyCommittedMovementReachesItsCustomerOnceOrMoreInOrderWithItsIdempotencyKey() throws Exception {
        Set<String> before = Deliveries.trackingCodes(project);
        post("/packages?quantity=12");
        for (String code : movable(before)) {
            post("/packages/" + code + "/movements");
            post("/packages/" + code + "/movements");
        }

        awaitEveryCommittedMovementDelivered(before);
    }

    @Test
    void aKilledConnectLosesNothingCommitted() throws Exception {
        Set<String> before = Deliveries.trackingCodes(project);
        post("/packages?quantity=10");
        List<String> codes = movable(before);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger moved = new AtomicInteger();
        Thread writer = Thread.ofPlatform().start(() -> {
            while (writing.get()) {
                String code = codes.get(ThreadLocalRandom.current().nextInt(codes.size()));
                try {
                    if (send("/packages/" + code + "/movements").statusCode() == 200) {
                        moved.incrementAndGet();
                    }
                    Thread.sleep(100);
                } catch (Exception e) {
                    return;
                }
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> moved.get() >= 5);
        project.kill("connect");
        int movedWhileDown = moved.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> moved.get() >= movedWhileDown + 5);
        project.up(); // as a user would: compose up starts what is down
        writing.set(false);
        writer.join();

        assertThat(moved.get()).as("movements committed around the crash").isGreaterThan(movedWhileDown);
        awaitEveryCommittedMovementDelivered(before);
    }

    @Test
    void eachCustomersSecretReachesItsApiAndNoLog() throws Exception {
        Set<String> before = Deliveries.trackingCodes(project);
        post("/packages?quantity=6");
        awaitEveryCommittedMovementDelivered(before);

        for (int customer = 1; customer <= 3; customer++) {
            String secret = project.authorization(customer);
            assertThat(Deliveries.journal(project.customerPort(customer))).as("customer %d's requests", customer)
                    .isNotEmpty().allSatisfy(request -> assertThat(request.authorization()).isEqualTo(secret));
        }
        String logs = project.logs();
        assertThat(logs).as("every container's log").isNotBlank();
        for (int customer = 1; customer <= 3; customer++) {
            String token = project.authorization(customer).substring("Bearer ".length());
            assertThat(logs).as("customer %d's secret in a log", customer).doesNotContain(token);
        }
    }

    @Test
    void whatChangesStateNeedsTheOperatorAndReadingNeedsNobody() throws Exception {
        String wrongPassword = "Basic " + Base64.getEncoder().encodeToString("operator:not-it".getBytes(StandardCharsets.UTF_8));
        int before = Integer.parseInt(project.sql("SELECT count(*) FROM package_status").getFirst());
        assertThat(postAs(project.producer() + "/packages?quantity=2", null)).as("POST /packages, no credentials").isEqualTo(401);
        assertThat(postAs(project.producer() + "/packages?quantity=2", wrongPassword)).as("a wrong password").isEqualTo(401);
        assertThat(postAs(project.monitor() + "/dead-letters/replay", null)).as("a replay, no credentials").isEqualTo(401);
        assertThat(Integer.parseInt(project.sql("SELECT count(*) FROM package_status").getFirst())).as("rows").isEqualTo(before);

        assertThat(postAs(project.producer() + "/packages?quantity=2", project.operatorAuthorization())).isEqualTo(200);
        assertThat(postAs(project.monitor() + "/dead-letters/replay", project.operatorAuthorization())).isEqualTo(200);
        String code = project.sql("SELECT tracking_code FROM package_status LIMIT 1").getFirst();
        for (String url : List.of(project.producer() + "/packages/" + code, project.producer() + "/q/health/ready",
                project.producer() + "/q/metrics", project.monitor() + "/dashboard/counts", project.monitor() + "/q/metrics")) {
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).as("GET " + url + ", no credentials").isEqualTo(200);
        }
        assertThat(project.logs()).as("every container's log").doesNotContain(project.operatorPassword());
    }

    @Test
    void theDashboardShowsTheReplicationSlotAsProducerServiceReadsIt() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(project.monitor() + "/dashboard")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode slot = JSON.readTree(response.body()).path("replicationSlot");
            assertThat(slot.path("state").asText()).as(slot.toString()).isEqualTo("OK");
            assertThat(slot.path("slot").asText()).isEqualTo("package_status_slot");
            assertThat(slot.path("active").asBoolean()).as("Connect streams from the slot").isTrue();
            assertThat(slot.path("warningBytes").asLong()).isEqualTo(1L << 30);
        });
    }

    @Test
    void everyContainerRunsAsANonRootUser() {
        for (String container : project.containers()) {
            String user = engine("inspect", "--format", "{{.Name}} {{.Config.User}}", container).trim();
            assertThat(user.split(" ")).as(user).hasSize(2);
            assertThat(user.split(" ")[1]).as("the user of " + user).isNotIn("", "0", "root");
        }
        for (String service : List.of("postgres", "kafka", "connect", "producer-service", "monitor-service", "customer-1")) {
            assertThat(project.exec(service, "id", "-u").trim()).as("uid in " + service).isNotEqualTo("0");
        }
    }

    @Test
    void postgresDataSurvivesComposeDownAndUp() throws Exception {
        post("/packages?quantity=3");
        String checksum = "SELECT count(*) || ':' || md5(string_agg(tracking_code || '@' || version, ',' ORDER BY tracking_code)) FROM package_status";
        String before = project.sql(checksum).getFirst();

        project.down();
        project.up();

        assertThat(project.sql(checksum).getFirst()).isEqualTo(before);
        String code = project.sql("SELECT tracking_code FROM package_status LIMIT 1").getFirst();
        assertThat(send("/packages/" + code).statusCode()).isEqualTo(200);
    }

    /** Every movement of the packages written since {@code before} delivered, in order, keyed by its eventId. */
    private static void awaitEveryCommittedMovementDelivered(Set<String> before) {
        await().atMost(DELIVERY).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            List<Deliveries.Outcome> outcomes = Deliveries.outcomes(project, before);
            assertThat(outcomes).isNotEmpty();
            assertThat(outcomes).as("packages whose movements arrived out of commit order")
                    .filteredOn(outcome -> !outcome.inOrder()).isEmpty();
            assertThat(outcomes).as("requests whose Idempotency-Key is not their eventId")
                    .filteredOn(outcome -> !outcome.keyed()).isEmpty();
            assertThat(outcomes).as("packages with committed movements not yet delivered")
                    .filteredOn(outcome -> !outcome.complete()).isEmpty();
        });
    }

    /** The packages written since {@code before} that can move on, of customers 1 and 3 (2 takes 30 s a movement). */
    private static List<String> movable(Set<String> before) {
        return project.sql("SELECT tracking_code FROM package_status WHERE customer_id <> 2 AND next_address IS NOT NULL")
                .stream().filter(code -> !before.contains(code)).toList();
    }

    private static JsonNode post(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).as("POST " + path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** A GET, or a POST for the paths that write, as the operator. */
    private static HttpResponse<String> send(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(project.producer() + path));
        if (path.contains("/movements") || path.startsWith("/packages?")) {
            request.POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", project.operatorAuthorization());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int postAs(String url, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String engine(String... arguments) {
        try {
            String engine = System.getenv().getOrDefault("CONTAINER_ENGINE", "podman");
            List<String> command = new java.util.ArrayList<>(List.of(engine));
            command.addAll(List.of(arguments));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
            return output;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
