package dev.checkpointstore.spring.observation;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.AbstractCheckpointStore;
import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.CheckpointValidator;
import dev.checkpointstore.core.CorruptCheckpointException;
import dev.checkpointstore.core.ForwardingCheckpointStore;
import dev.checkpointstore.core.RecoveryReport;
import dev.checkpointstore.core.StateChunks;
import dev.checkpointstore.core.ValidationResult;
import dev.checkpointstore.spring.RecoveryOutcome;

/**
 * A store whose saves, recoveries, prunes and orphan cleanups are Micrometer {@link Observation}s
 * ({@link CheckpointObservationDocumentation#STORE_OPERATION}), so a service with
 * micrometer-tracing gets a span for each and the observation registry's handlers a timer.
 * A recovery is a parent observation with a child for listing the ids and, per checkpoint
 * examined, one for reading its manifest and one for verifying it: the walk of
 * {@link AbstractCheckpointStore#recover} over the delegate's {@code listIds},
 * {@code loadManifestBytes} and {@code openStateData}, validated by a {@link CheckpointValidator}
 * with the delegate's vnode count, which is how the stores of this library validate. Every other
 * call is forwarded as it is.
 */
public final class ObservedCheckpointStore implements ForwardingCheckpointStore {

    private static final CheckpointObservationConvention DEFAULT_CONVENTION = new DefaultCheckpointObservationConvention();

    private final CheckpointStore delegate;
    private final String backend;
    private final ObservationRegistry registry;
    private final @Nullable CheckpointObservationConvention convention;

    /**
     * Creates an observed store.
     * @param delegate the store
     * @param backend the {@code backend} key value
     * @param registry where observations go
     * @param convention replaces the {@link DefaultCheckpointObservationConvention}, or null
     */
    public ObservedCheckpointStore(CheckpointStore delegate, String backend, ObservationRegistry registry,
            @Nullable CheckpointObservationConvention convention) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.convention = convention;
    }

    @Override
    public CheckpointStore delegate() {
        return delegate;
    }

    @Override
    public void save(CheckpointManifest manifest) {
        observe(CheckpointOperation.SAVE, null, context -> {
            context.setCheckpointId(idOf(manifest));
            context.setBytes(0L);
        }, context -> {
            delegate.save(manifest);
            context.setOutcome("success");
            return null;
        });
    }

    @Override
    public void saveWithState(CheckpointManifest manifest, @Nullable List<ByteBuffer> state) {
        observe(CheckpointOperation.SAVE, null, context -> {
            context.setCheckpointId(idOf(manifest));
            context.setBytes(state == null ? 0L : StateChunks.size(state));
        }, context -> {
            delegate.saveWithState(manifest, state);
            context.setOutcome("success");
            return null;
        });
    }

    @Override
    public int prune(int keepCount) {
        return observe(CheckpointOperation.PRUNE, null, context -> { }, context -> {
            int removed = delegate.prune(keepCount);
            context.setRemoved(removed);
            context.setOutcome("success");
            return removed;
        });
    }

    @Override
    public int cleanupOrphans() {
        return observe(CheckpointOperation.ORPHAN_CLEANUP, null, context -> { }, context -> {
            int removed = delegate.cleanupOrphans();
            context.setRemoved(removed);
            context.setOutcome("success");
            return removed;
        });
    }

    @Override
    public RecoveryReport recoverLatestValidated() {
        return observe(CheckpointOperation.RECOVERY, null, context -> { }, context -> {
            Observation walk = registry.getCurrentObservation();
            List<Long> ids = observe(CheckpointOperation.RECOVERY_LIST, walk, list -> { }, list -> {
                List<Long> listed = delegate.listIds();
                list.setExamined(listed.size());
                list.setOutcome("success");
                return listed;
            });
            CheckpointValidator validator = new CheckpointValidator(delegate.vnodeCount());
            RecoveryReport report = AbstractCheckpointStore.recover(ids, id -> readAndVerify(walk, validator, id));
            context.setCheckpointId(report.chosenId());
            context.setExamined(report.examined());
            context.setOutcome(RecoveryOutcome.of(report).tag());
            return report;
        });
    }

    private ValidationResult readAndVerify(@Nullable Observation walk, CheckpointValidator validator, long id) {
        Manifest manifest = observe(CheckpointOperation.RECOVERY_READ, walk,
                read -> read.setCheckpointId(OptionalLong.of(id)), read -> {
                    try {
                        Optional<byte[]> json = delegate.loadManifestBytes(id);
                        read.setBytes(json.map(bytes -> (long) bytes.length).orElse(null));
                        read.setOutcome(json.isPresent() ? "found" : "missing");
                        return new Manifest(json, false);
                    }
                    catch (CorruptCheckpointException ex) {
                        read.setOutcome("corrupt");
                        return new Manifest(Optional.empty(), true);
                    }
                });
        return observe(CheckpointOperation.RECOVERY_VERIFY, walk, verify -> verify.setCheckpointId(OptionalLong.of(id)),
                verify -> {
                    // a manifest the store refuses to read (too large): its own validation says why
                    ValidationResult result = manifest.unreadable() ? delegate.validateCheckpoint(id)
                            : validator.validate(id, manifest.json(), () -> delegate.openStateData(id));
                    verify.setOutcome(result.valid() ? "valid" : "invalid");
                    return result;
                });
    }

    /**
     * Runs an operation in an observation: started with what is known up front, given the context
     * to record what it learns, stopped with {@code failure} and the error when it throws.
     */
    private <T> T observe(CheckpointOperation operation, @Nullable Observation parent,
            Consumer<CheckpointObservationContext> before, Function<CheckpointObservationContext, T> action) {
        CheckpointObservationContext context = new CheckpointObservationContext(operation, backend);
        before.accept(context);
        Observation observation = CheckpointObservationDocumentation.STORE_OPERATION.observation(convention,
                DEFAULT_CONVENTION, () -> context, registry);
        if (parent != null) {
            observation.parentObservation(parent);
        }
        observation.start();
        Observation.Scope scope = observation.openScope();
        try {
            return action.apply(context);
        }
        catch (RuntimeException | Error ex) {
            context.setOutcome("failure");
            observation.error(ex);
            throw ex;
        }
        finally {
            scope.close();
            observation.stop();
        }
    }

    private static OptionalLong idOf(@Nullable CheckpointManifest manifest) {
        return manifest == null ? OptionalLong.empty() : OptionalLong.of(manifest.checkpointId());
    }

    @Override
    public String toString() {
        return "Observed" + delegate;
    }

    /** A manifest as a recovery read it: its bytes, or that the store refused to read it. */
    private record Manifest(Optional<byte[]> json, boolean unreadable) {
    }
}
