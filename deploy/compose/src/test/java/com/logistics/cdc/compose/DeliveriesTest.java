package com.logistics.cdc.compose;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveriesTest {

    private static final Deliveries.Committed THREE_MOVEMENTS = new Deliveries.Committed("JT1BR", 1, 3);

    private static Deliveries.Received at(long lsn) {
        return new Deliveries.Received("JT1BR", lsn + ":package_status:1", lsn + ":package_status:1", lsn, "In Transit", "");
    }

    @Test
    void everyMovementOnceInCommitOrderIsComplete() {
        Deliveries.Outcome outcome = Deliveries.outcome(THREE_MOVEMENTS, List.of(at(10), at(20), at(30)));

        assertThat(outcome.complete()).isTrue();
        assertThat(outcome.inOrder()).isTrue();
        assertThat(outcome.duplicates()).isZero();
    }

    @Test
    void aMissingMovementIsNotComplete() {
        assertThat(Deliveries.outcome(THREE_MOVEMENTS, List.of(at(10), at(30))).complete()).isFalse();
    }

    @Test
    void aLaterMovementBeforeAnEarlierOneIsOutOfOrder() {
        assertThat(Deliveries.outcome(THREE_MOVEMENTS, List.of(at(10), at(30), at(20))).inOrder()).isFalse();
    }

    @Test
    void aResentMovementIsADuplicateNotAStepBack() {
        Deliveries.Outcome outcome = Deliveries.outcome(THREE_MOVEMENTS, List.of(at(10), at(20), at(10), at(30), at(30)));

        assertThat(outcome.inOrder()).isTrue();
        assertThat(outcome.complete()).isTrue();
        assertThat(outcome.duplicates()).isEqualTo(2);
    }

    @Test
    void aRequestWhoseIdempotencyKeyIsNotItsEventIdIsFlagged() {
        var unkeyed = new Deliveries.Received("JT1BR", "something-else", "10:package_status:1", 10, "Package Posted", "");

        assertThat(Deliveries.outcome(THREE_MOVEMENTS, List.of(unkeyed)).keyed()).isFalse();
    }
}
