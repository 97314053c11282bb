package dev.checkpointstore.core.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.junit.jupiter.api.Test;

class KnownCheckpointsTest {

    @Test
    void knowsNothingBeforeTheFirstListingThenTheListingAndWhatIsSavedSince() {
        KnownCheckpoints known = new KnownCheckpoints();
        known.remember(9);

        assertThat(known.ids()).isEmpty();

        known.listed(List.of(3L, -1L, 1L));
        known.remember(2);

        assertThat(known.ids()).hasValue(List.of(1L, 2L, 3L, -1L));
    }

    @Test
    void deletesTheSidecarsOfPrunedCheckpointsExceptThoseWhoseManifestStayed() {
        KnownCheckpoints known = new KnownCheckpoints();
        known.listed(List.of(1L, 2L, 3L, 4L));

        List<Long> doomed = known.sidecarsToDelete(List.of(1L, 2L, 3L), Set.of(2L), null);

        assertThat(doomed).containsExactlyInAnyOrder(1L, 3L);
        assertThat(known.ids()).hasValue(List.of(2L, 4L));
    }

    @Test
    void asksAgainForASidecarWhoseDeleteFailedUntilItIsGoneOrSavedAgain() {
        KnownCheckpoints known = new KnownCheckpoints();
        known.listed(List.of(1L, 2L, 3L));
        known.sidecarsDeleted(known.sidecarsToDelete(List.of(1L, 2L), Set.of(), null), Set.of(1L, 2L));

        assertThat(known.sidecarsToDelete(List.of(), Set.of(), null)).containsExactlyInAnyOrder(1L, 2L);

        known.remember(2);
        List<Long> doomed = known.sidecarsToDelete(List.of(), Set.of(), null);
        assertThat(doomed).containsExactly(1L);

        known.sidecarsDeleted(doomed, Set.of());
        assertThat(known.sidecarsToDelete(List.of(), Set.of(), null)).isEmpty();
    }

    @Test
    void skipsSidecarsTheListingOfStoredStateDoesNotShow() {
        KnownCheckpoints known = new KnownCheckpoints();
        known.listed(List.of(1L, 2L, 3L));

        assertThat(known.sidecarsToDelete(List.of(1L, 2L), Set.of(), Set.of(2L, 3L))).containsExactly(2L);
    }

    @Test
    void aPruneListsOnlyBeforeTheFirstListingAndAfterAnotherWriterMovedThePointer() {
        KnownCheckpoints known = new KnownCheckpoints();
        MemoryPointer latest = new MemoryPointer();
        AtomicInteger listings = new AtomicInteger();
        List<Long> stored = new ArrayList<>(List.of(1L, 2L));
        Supplier<List<Long>> listing = () -> {
            listings.incrementAndGet();
            known.listed(stored);
            return List.copyOf(stored);
        };
        latest.advanceTo(2);
        latest.takeMovedByOthers();

        assertThat(known.forPrune(latest, listing)).containsExactly(1L, 2L);
        known.remember(3);
        latest.advanceTo(3);
        assertThat(known.forPrune(latest, listing)).containsExactly(1L, 2L, 3L);
        assertThat(listings).hasValue(1);

        latest.etag = "another writer's";
        stored.addAll(List.of(3L, 4L));
        latest.read();

        assertThat(known.forPrune(latest, listing)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(listings).hasValue(2);
    }

    @Test
    void aListingThatFailsLeavesTheSignalForTheNextPrune() {
        KnownCheckpoints known = new KnownCheckpoints();
        known.listed(List.of(1L));
        MemoryPointer latest = new MemoryPointer();
        latest.markMovedByOthers();

        assertThatIllegalStateException().isThrownBy(() -> known.forPrune(latest, () -> {
            throw new IllegalStateException("listing refused");
        }));

        assertThat(latest.takeMovedByOthers()).isTrue();
    }

    /** A pointer in memory whose ETag a test can change as another writer would. */
    private static final class MemoryPointer extends VersionedPointer {

        private byte @Nullable [] bytes;
        private @Nullable String etag;
        private int versions;

        @Override
        protected Optional<Stored> get() {
            return bytes == null ? Optional.empty() : Optional.of(new Stored(bytes, etag));
        }

        @Override
        protected String write(byte[] json, @Nullable String expectedEtag) {
            bytes = json;
            etag = "v" + ++versions;
            return etag;
        }

        @Override
        protected WriteFailure settle(RuntimeException failure, long checkpointId, int unknownSoFar) {
            throw failure;
        }

        @Override
        protected String location() {
            return "memory";
        }
    }
}
