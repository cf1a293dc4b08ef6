package com.logistics.cdc.reliability;

import com.logistics.cdc.stack.Ledger;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code make chaos}: the product on a stack of its own, the producer's simulation writing at a steady rate, and one
 * fault after another ({@link Scenarios}). After each repair the suite waits until the monitor has done all there
 * is and reads the ledger: what this scenario committed, delivered, delivered twice and dead-lettered, and what
 * was lost or delivered out of order since the start (both must stay 0). Recovery is the time from the repair (the
 * operator's command) until every committed movement has reached its customer or a dead letter.
 * <p>
 * Usage: {@code ChaosSuite <producer jar> <monitor jar> [fast] [--write <markdown file>]}.
 */
public final class ChaosSuite {

    /** Simulated writes per second during every scenario (new packages and movements, customers 1-3). */
    static final int RATE = 20;
    /**
     * Customer 2's answer time here (its demo's is 30 s): after each fault the suite waits for every movement, and
     * at 30 s a package's fourth movement arrives two minutes after its first. {@code make soak} runs it at 30 s.
     */
    static final int[] CUSTOMER_DELAYS = {300, 2_000, 300};
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration DRAIN = Duration.ofMinutes(5);
    static final String BEGIN = "<!-- chaos table: written by make chaos -->";
    static final String END = "<!-- end of chaos table -->";

    /** One row of the table: this scenario's figures, and the lost and out-of-order totals since the start. */
    record Row(String scenario, long committed, long delivered, long duplicates, long deadLettered, long lost,
               long outOfOrder, double recoverySeconds, String note) {

        boolean holds() {
            return lost == 0 && outOfOrder == 0;
        }
    }

    private ChaosSuite() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ChaosSuite <producer jar> <monitor jar> [fast] [--write <markdown file>]");
            System.exit(2);
        }
        List<String> options = List.of(args).subList(2, args.length);
        boolean fast = options.contains("fast");
        int write = options.indexOf("--write");
        List<Row> rows = run(Path.of(args[0]), Path.of(args[1]), fast, System.out);
        String table = table(rows);
        System.out.println();
        System.out.print(table);
        if (write >= 0) {
            Path doc = Path.of(options.get(write + 1));
            writeInto(doc, table, fast);
            System.out.println("Written into " + doc);
        }
        boolean holds = rows.stream().allMatch(Row::holds);
        System.out.println(holds ? "Nothing lost, nothing out of order, in every scenario." : "LOST OR OUT OF ORDER: see the rows above.");
        System.exit(holds ? 0 : 1);
    }

    /** Runs every scenario (only the fast ones, with short holds, when {@code fast}); one row each. */
    static List<Row> run(Path producerJar, Path monitorJar, boolean fast, PrintStream out) throws Exception {
        List<Scenario> scenarios = Scenarios.all(fast ? 0.25 : 1).stream().filter(s -> !fast || s.fast()).toList();
        List<Row> rows = new ArrayList<>();
        try (ProductStack product = ProductStack.start(producerJar, monitorJar, CUSTOMER_DELAYS)) {
            Ledger.Report before = product.ledger();
            for (Scenario scenario : scenarios) {
                out.printf("%n== %s ==%n", scenario.name());
                Row row = runOne(product, scenario, before, out);
                rows.add(row);
                before = product.ledger();
                out.printf("   committed %d, delivered %d, duplicates %d, dead-lettered %d, lost %d, out of order %d, recovered in %.1f s%s%n",
                        row.committed(), row.delivered(), row.duplicates(), row.deadLettered(), row.lost(), row.outOfOrder(),
                        row.recoverySeconds(), row.note().isEmpty() ? "" : "; " + row.note());
            }
        }
        return rows;
    }

    private static Row runOne(ProductStack product, Scenario scenario, Ledger.Report before, PrintStream out) throws Exception {
        List<String> notes = new ArrayList<>();
        product.startSimulation(RATE);
        Thread.sleep(WARM_UP.toMillis());
        out.println("   fault injected, writes go on");
        Scenario.Repair repair = scenario.fault().inject(product, notes::add);
        long repairStarted = System.nanoTime();
        out.println("   repairing");
        repair.run();
        var simulation = product.stopSimulation();
        if (simulation.path("failedBatches").asLong() > 0) {
            notes.add(simulation.path("failedBatches").asLong() + " simulated writes refused while it lasted");
        }
        Ledger.Report after = product.awaitDrained(DRAIN);
        double recovery = (System.nanoTime() - repairStarted) / 1e9;
        after.examples().forEach(example -> out.println("   ledger: " + example));
        return new Row(scenario.name(), after.committed() - before.committed(), after.delivered() - before.delivered(),
                after.duplicates() - before.duplicates(),
                after.deadLettered() + after.unreadable() - before.deadLettered() - before.unreadable(),
                after.lost(), after.outOfOrder(), recovery, String.join("; ", notes));
    }

    static String table(List<Row> rows) {
        StringBuilder table = new StringBuilder();
        table.append("| scenario | committed | delivered | duplicates | dead-lettered | lost | out of order | recovery s | |\n");
        table.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row row : rows) {
            table.append("| %s | %d | %d | %d | %d | %d | %d | %.1f | %s |%n".formatted(row.scenario(), row.committed(),
                    row.delivered(), row.duplicates(), row.deadLettered(), row.lost(), row.outOfOrder(),
                    row.recoverySeconds(), row.note()));
        }
        return table.toString();
    }

    /** Replaces what lies between the markers in {@code doc} with the table and how it was made. */
    static void writeInto(Path doc, String table, boolean fast) throws IOException {
        String text = Files.readString(doc);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(doc + " has no " + BEGIN + " ... " + END + " section");
        }
        String made = "Made by `make chaos%s` on %s, %d writes/s, customers answering in %d / %d / %d ms, this machine (%d cores).%n%n"
                .formatted(fast ? " CHAOS=fast" : "", LocalDate.now(), RATE, CUSTOMER_DELAYS[0], CUSTOMER_DELAYS[1],
                        CUSTOMER_DELAYS[2], Runtime.getRuntime().availableProcessors());
        Files.writeString(doc, text.substring(0, begin + BEGIN.length()) + "\n" + made + table + text.substring(end));
    }
}
