package com.logistics.cdc.reliability;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast scenarios of {@code make chaos} ({@code make chaos CHAOS=fast}), on the jars the reactor packaged: each
 * fault held a few seconds under steady writes, then the ledger. Nothing lost or out of order in any row, and each
 * fault did what it is there for (a killed monitor sends some movements twice, the refused package and the poison
 * records end as dead letters, the dashboard shows the replication slot unread while Connect is stopped), so a
 * scenario that injected nothing would fail here.
 */
class ChaosSuiteIT {

    @Test
    void everyFastScenarioEndsWithNothingLostAndNothingOutOfOrder() throws Exception {
        Path producer = Path.of(System.getProperty("producer.jar"));
        Path monitor = Path.of(System.getProperty("monitor.jar"));
        assertThat(producer).as("producer-service packaged by the reactor before this module").satisfies(p -> assertThat(Files.isRegularFile(p)).isTrue());
        assertThat(monitor).as("monitor-service packaged by the reactor before this module").satisfies(p -> assertThat(Files.isRegularFile(p)).isTrue());

        List<ChaosSuite.Row> rows = ChaosSuite.run(producer, monitor, true, System.out);
        System.out.print(ChaosSuite.table(rows));

        assertThat(rows).extracting(ChaosSuite.Row::scenario).hasSize((int) Scenarios.all(1).stream().filter(Scenario::fast).count());
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.lost()).as(row.scenario() + ": lost").isZero();
            assertThat(row.outOfOrder()).as(row.scenario() + ": out of order").isZero();
            assertThat(row.committed()).as(row.scenario() + ": committed under the fault").isPositive();
            assertThat(row.delivered() + row.deadLettered()).as(row.scenario() + ": delivered or dead-lettered")
                    .isGreaterThanOrEqualTo(row.committed());
        });
        assertThat(row(rows, "400 for one package").deadLettered()).as("the refused package's movements").isPositive();
        assertThat(row(rows, "poison").deadLettered()).as("the three poison records").isEqualTo(3);
        assertThat(row(rows, "poison").note()).contains("dead-lettered by reference");
        assertThat(row(rows, "Connect stopped").note()).as("the monitor's dashboard, from producer-service's check")
                .contains("the dashboard showed the slot inactive").doesNotContain("UNKNOWN");
    }

    private static ChaosSuite.Row row(List<ChaosSuite.Row> rows, String part) {
        return rows.stream().filter(r -> r.scenario().contains(part)).findFirst().orElseThrow();
    }
}
