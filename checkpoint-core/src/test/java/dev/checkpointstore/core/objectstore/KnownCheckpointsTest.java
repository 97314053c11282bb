package dev.checkpointstore.core.objectstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

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
}
