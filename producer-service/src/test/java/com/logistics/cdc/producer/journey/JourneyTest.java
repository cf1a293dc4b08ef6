package com.logistics.cdc.producer.journey;

import com.logistics.cdc.producer.JourneyStep;
import com.logistics.cdc.producer.Status;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Properties that hold for every journey, checked over thousands of random ones. */
class JourneyTest {

    private static final int MIN_HOPS = 1;
    private static final int MAX_HOPS = 5;

    private final SplittableRandom random = new SplittableRandom(20261124L);
    private final Journey journey = new Journey(new AddressBook(Locale.forLanguageTag("pt-BR"), random, 500, 40),
            MIN_HOPS, MAX_HOPS);

    @Test
    void everyJourneyGoesForwardChainsItsAddressesAndEndsDeliveredWithoutNextAddress() {
        Map<Integer, Integer> hopCounts = new HashMap<>();
        for (int n = 0; n < 5_000; n++) {
            List<JourneyStep> steps = walk(journey.post(random));

            assertThat(steps.getFirst().status()).isEqualTo(Status.POSTED);
            assertThat(steps.getLast().status()).isEqualTo(Status.DELIVERED);
            assertThat(steps.getLast().nextAddress()).isNull();
            for (int i = 1; i < steps.size(); i++) {
                JourneyStep before = steps.get(i - 1);
                JourneyStep after = steps.get(i);
                assertThat(after.status().ordinal()).as("never backwards").isGreaterThanOrEqualTo(before.status().ordinal());
                assertThat(after.status().ordinal() - before.status().ordinal()).as("never skips").isLessThanOrEqualTo(1);
                assertThat(after.actualAddress()).as("arrives where it was going").isEqualTo(before.nextAddress());
                assertThat(after.nextAddress()).as("a hop goes somewhere else").isNotEqualTo(after.actualAddress());
            }
            int hops = (int) steps.stream().filter(s -> s.status() == Status.IN_TRANSIT).count();
            assertThat(hops).isBetween(MIN_HOPS, MAX_HOPS);
            hopCounts.merge(hops, 1, Integer::sum);
            assertThat(steps.stream().filter(s -> s.status() == Status.OUT_FOR_DELIVERY)).hasSize(1);
        }
        assertThat(hopCounts.keySet()).as("every allowed hop count occurs").containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    }

    @Test
    void aPackagePostedWithoutHopsByAnotherWriterMakesOneHop() {
        JourneyStep posted = new JourneyStep(Status.POSTED, "Rua das Flores 10", "Hub Centro", 0); // the column's default
        assertThat(walk(posted)).extracting(JourneyStep::status)
                .containsExactly(Status.POSTED, Status.IN_TRANSIT, Status.OUT_FOR_DELIVERY, Status.DELIVERED);
    }

    @Test
    void aDeliveredPackageCannotMove() {
        JourneyStep delivered = walk(journey.post(random)).getLast();
        assertThatThrownBy(() -> journey.advance(delivered, random)).isInstanceOf(Journey.AlreadyDelivered.class);
    }

    @Test
    void theSameSeedGivesTheSameJourneys() {
        assertThat(journeysFrom(42)).isEqualTo(journeysFrom(42)).isNotEqualTo(journeysFrom(43));
    }

    @Test
    void badHopBoundsAreRefused() {
        AddressBook addresses = new AddressBook(Locale.ROOT, random, 10, 5);
        assertThatThrownBy(() -> new Journey(addresses, 3, 2)).hasMessageContaining("min (3) <= max (2)");
        assertThatThrownBy(() -> new Journey(addresses, 0, 2)).hasMessageContaining("1 <= min (0)");
    }

    @Test
    void customersAreDrawnByWeight() {
        CustomerPicker picker = new CustomerPicker(Map.of(1, 1, 2, 2, 3, 1));
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < 40_000; i++) {
            counts.merge(picker.pick(random), 1, Integer::sum);
        }
        assertThat(counts.get(2) / 40_000.0).isCloseTo(0.5, within(0.02));
        assertThat(counts.get(1) / 40_000.0).isCloseTo(0.25, within(0.02));
        assertThatThrownBy(() -> new CustomerPicker(Map.of(1, 0))).hasMessageContaining("positive");
    }

    @Test
    void trackingCodesFollowTheUpuS10FormatAndDoNotCollide() {
        assertThat(TrackingCodes.checkDigit("47312482")).as("UPU's own example RR473124829BR").isEqualTo(9);
        assertThat(TrackingCodes.of(1)).matches("[A-Z]{2}\\d{9}BR");
        assertThat(java.util.stream.LongStream.range(0, 100_000).mapToObj(TrackingCodes::of).distinct()).hasSize(100_000);
    }

    private List<JourneyStep> walk(JourneyStep first) {
        List<JourneyStep> steps = new ArrayList<>(List.of(first));
        while (steps.getLast().status() != Status.DELIVERED) {
            steps.add(journey.advance(steps.getLast(), random));
        }
        return steps;
    }

    private static List<List<JourneyStep>> journeysFrom(long seed) {
        SplittableRandom seeded = new SplittableRandom(seed);
        Journey j = new Journey(new AddressBook(Locale.forLanguageTag("pt-BR"), seeded, 100, 20), 1, 4);
        List<List<JourneyStep>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            List<JourneyStep> steps = new ArrayList<>(List.of(j.post(seeded)));
            while (steps.getLast().status() != Status.DELIVERED) {
                steps.add(j.advance(steps.getLast(), seeded));
            }
            all.add(steps);
        }
        return all;
    }
}
