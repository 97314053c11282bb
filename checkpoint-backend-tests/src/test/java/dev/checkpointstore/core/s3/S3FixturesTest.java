package dev.checkpointstore.core.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStoreException;
import dev.checkpointstore.core.RecoveryReport;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.FormatFixtures;
import dev.checkpointstore.test.s3.S3MockExtension;

import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Every object-layout tree of the format fixtures, uploaded to a bucket as it is, loads, validates
 * and recovers through {@link S3CheckpointStore} exactly as the same bytes do through the
 * in-memory reference store.
 */
class S3FixturesTest {

    @RegisterExtension
    static final S3MockExtension S3 = new S3MockExtension();

    static List<Path> objectTrees() throws IOException {
        try (Stream<Path> trees = Files.list(FormatFixtures.dir().resolve("obj"))) {
            return trees.filter(Files::isDirectory).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("objectTrees")
    void treeBehavesAsTheReferenceStoreSays(Path tree) throws IOException {
        String bucket = S3.bucket().name();
        String prefix = upload(tree, bucket);
        S3CheckpointStore store = S3CheckpointStore.builder(S3.server().client(), bucket).prefix(prefix).build();
        InMemoryCheckpointStore reference = reference(tree.resolve(prefix));

        assertThat(store.listIds()).isEqualTo(reference.listIds()).isNotEmpty();
        assertThat(store.latestId()).isEqualTo(reference.latestId());
        assertThat(result(store::loadLatest)).isEqualTo(result(reference::loadLatest));
        for (long id : reference.listIds()) {
            assertThat(store.validateCheckpoint(id)).as("validation of %d", id).isEqualTo(reference.validateCheckpoint(id));
            assertThat(result(() -> store.loadById(id))).as("manifest %d", id).isEqualTo(result(() -> reference.loadById(id)));
            assertThat(result(() -> store.loadStateData(id).map(ByteBuffer::wrap))).as("state of %d", id)
                    .isEqualTo(result(() -> reference.loadStateData(id).map(ByteBuffer::wrap)));
            Optional<CheckpointManifest> manifest = reference.list().stream().anyMatch(c -> c.id() == id)
                    ? reference.loadById(id) : Optional.empty();
            for (String operator : manifest.map(m -> m.operatorStates().keySet()).orElse(java.util.Set.of())) {
                assertThat(result(() -> store.loadOperatorState(id, operator).map(ByteBuffer::wrap)))
                        .as("operator %s of %d", operator, id)
                        .isEqualTo(result(() -> reference.loadOperatorState(id, operator).map(ByteBuffer::wrap)));
            }
        }
        RecoveryReport recovered = store.recoverLatestValidated();
        RecoveryReport expected = reference.recoverLatestValidated();
        assertThat(recovered.chosenId()).isEqualTo(expected.chosenId());
        assertThat(recovered.skipped()).isEqualTo(expected.skipped());
        assertThat(recovered.examined()).isEqualTo(expected.examined());
    }

    @Test
    void validPairLoadsValidatesAndRecoversTheNewest() throws IOException {
        Path tree = FormatFixtures.dir().resolve("obj/valid-pair");
        String bucket = S3.bucket().name();
        String prefix = upload(tree, bucket);
        S3CheckpointStore store = S3CheckpointStore.builder(S3.server().client(), bucket).prefix(prefix).build();

        assertThat(prefix).isEqualTo("nodes/a/");
        assertThat(store.listIds()).containsExactly(1L, 2L);
        assertThat(store.loadLatest().map(CheckpointManifest::checkpointId)).hasValue(2L);
        assertThat(store.validateCheckpoint(1).valid()).isTrue();
        assertThat(store.validateCheckpoint(2).valid()).isTrue();
        assertThat(store.validateCheckpoint(2).issues()).isEmpty();
        assertThat(store.recoverLatestValidated().chosenId()).hasValue(2);
        assertThat(store.loadStateData(2).orElseThrow()).hasSize(4096);
    }

    /** Uploads every file of a tree under its relative path; returns the prefix holding {@code manifests/}. */
    private static String upload(Path tree, String bucket) throws IOException {
        String prefix = null;
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key = tree.relativize(file).toString().replace('\\', '/');
                S3.server().client().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(file));
                if (file.getParent().getFileName().toString().equals("manifests")) {
                    Path base = tree.relativize(file.getParent().getParent());
                    prefix = base.toString().isEmpty() ? "" : base.toString().replace('\\', '/') + "/";
                }
            }
        }
        assertThat(prefix).as("a manifests/ directory in %s", tree).isNotNull();
        return prefix;
    }

    /** The same bytes in the in-memory reference store. */
    private static InMemoryCheckpointStore reference(Path base) throws IOException {
        InMemoryCheckpointStore reference = InMemoryCheckpointStore.builder().build();
        ObjectLayout layout = new ObjectLayout("");
        try (Stream<Path> files = Files.list(base.resolve("manifests"))) {
            for (Path file : files.toList()) {
                String key = "manifests/" + file.getFileName();
                OptionalLong id = layout.manifestId(key);
                if (id.isPresent()) {
                    reference.putRawManifest(id.getAsLong(), Files.readAllBytes(file));
                }
                else if (key.equals(layout.latestKey())) {
                    reference.putRawLatest(ObjectLayout.parsePointer(Files.readAllBytes(file), key).orElse(0));
                }
            }
        }
        Path states = base.resolve("checkpoints");
        if (Files.isDirectory(states)) {
            try (Stream<Path> files = Files.list(states)) {
                for (Path file : files.toList()) {
                    OptionalLong id = layout.stateId("checkpoints/" + file.getFileName());
                    if (id.isPresent()) {
                        reference.putRawState(id.getAsLong(), Files.readAllBytes(file), Instant.now());
                    }
                }
            }
        }
        return reference;
    }

    /** What a read did: its value, or the kind of exception it threw. */
    private record Result(Object value, String failure) {
    }

    private static Result result(Supplier<?> read) {
        try {
            return new Result(read.get(), "");
        }
        catch (CheckpointStoreException ex) {
            return new Result("", ex.getClass().getSimpleName());
        }
    }
}
