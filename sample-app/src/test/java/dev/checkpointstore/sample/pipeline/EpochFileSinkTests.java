package dev.checkpointstore.sample.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.checkpointstore.sample.ExpectedResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class EpochFileSinkTests {

    private static final int KEYS = 500;

    @TempDir
    Path dir;

    private final EventStream stream = new EventStream(6_000, KEYS);
    private final GeneratorSource source = new GeneratorSource(stream);
    private final CountingOperator operator = new CountingOperator(KEYS);
    private Path result;
    private EpochFileSink sink;

    @BeforeEach
    void createSink() {
        result = dir.resolve("out/result.json");
        sink = new EpochFileSink(result, stream);
    }

    @Test
    void preCommitMakesTheEpochDurableAsPendingAndCommitPublishesIt() throws IOException {
        feed(1_000);
        sink.preCommit(1);
        assertThat(files()).containsExactly("epoch-000001.pending");
        String pending = Files.readString(sink.epochsDir().resolve("epoch-000001.pending"));
        assertThat(pending).startsWith("{\"epoch\":1,\"total\":").contains("\"counts\":{\"k000000\":");

        sink.commit(1);
        sink.commit(1);
        assertThat(files()).containsExactly("epoch-000001.json");
        assertThat(Files.readString(sink.epochsDir().resolve("epoch-000001.json"))).isEqualTo(pending);
    }

    @Test
    void eachEpochHoldsOnlyTheKeysThatChangedInIt() throws IOException {
        sink.write(new CountUpdate(3, 1, 10));
        sink.write(new CountUpdate(3, 2, 20));
        sink.preCommit(1);
        sink.write(new CountUpdate(7, 1, 25));
        sink.preCommit(2);
        assertThat(Files.readString(sink.epochsDir().resolve("epoch-000001.pending")))
                .isEqualTo("{\"epoch\":1,\"total\":20,\"counts\":{\"k000003\":2}}");
        assertThat(Files.readString(sink.epochsDir().resolve("epoch-000002.pending")))
                .isEqualTo("{\"epoch\":2,\"total\":25,\"counts\":{\"k000007\":1}}");
    }

    @Test
    void commitPublishesEarlierEpochsStillPendingWithIt() throws IOException {
        feed(100);
        sink.preCommit(1);
        feed(100);
        sink.preCommit(2);
        sink.commit(2);
        assertThat(files()).containsExactly("epoch-000001.json", "epoch-000002.json");
    }

    @Test
    void abortDiscardsEveryEpochFromTheGivenOneTheResultAndTheBuffer() throws IOException {
        feed(100);
        sink.preCommit(1);
        sink.commit(1);
        feed(100);
        sink.preCommit(2);
        sink.commit(2);
        feed(100);
        sink.preCommit(3);
        sink.write(new CountUpdate(9, 99, 9_999));
        Files.createDirectories(result.getParent());
        Files.writeString(result, "stale");

        sink.abort(2);

        assertThat(files()).containsExactly("epoch-000001.json");
        assertThat(result).doesNotExist();
        sink.preCommit(4);
        assertThat(Files.readString(sink.epochsDir().resolve("epoch-000004.pending"))).contains("\"counts\":{}");
    }

    @Test
    void commitFailsForAnEpochThatWasNeverPreCommitted() {
        assertThatIllegalStateException().isThrownBy(() -> sink.commit(4))
                .withMessageContaining("epoch 4 of sink 'result-sink' was never pre-committed");
    }

    @Test
    void recoverCommitsPendingEpochsTheCheckpointCoversAndAbortsLaterOnes() throws IOException {
        feed(1_000);
        sink.preCommit(1);
        sink.commit(1);
        feed(1_000);
        sink.preCommit(2);
        feed(1_000);
        sink.preCommit(3);
        feed(1_000);
        sink.preCommit(4);
        Files.writeString(sink.epochsDir().resolve("epoch-000005.pending.tmp"), "{\"epo");
        Files.writeString(sink.epochsDir().resolve("notes.txt"), "kept");
        Files.createDirectories(result.getParent());
        Files.writeString(result, "stale");

        EpochFileSink.Recovery recovery = sink.recover(2);

        assertThat(recovery).isEqualTo(new EpochFileSink.Recovery(1, 2));
        assertThat(files()).containsExactly("epoch-000001.json", "epoch-000002.json", "notes.txt");
        assertThat(result).doesNotExist();
    }

    @Test
    void freshStartAbortsEveryEpoch() throws IOException {
        feed(100);
        sink.preCommit(1);
        sink.commit(1);
        assertThat(sink.recover(0)).isEqualTo(new EpochFileSink.Recovery(0, 1));
        assertThat(files()).isEmpty();
    }

    @Test
    void finishFoldsTheCommittedEpochsIntoTheResult() throws IOException {
        for (int epoch = 1; epoch <= 6; epoch++) {
            feed(1_000);
            sink.preCommit(epoch);
            sink.commit(epoch);
        }
        sink.finish(operator.snapshot());
        assertThat(Files.readString(result, StandardCharsets.UTF_8)).isEqualTo(ExpectedResult.of(6_000, KEYS));
    }

    @Test
    void finishRefusesOutputThatDisagreesWithTheOperator() throws IOException {
        for (int epoch = 1; epoch <= 3; epoch++) {
            feed(2_000);
            sink.preCommit(epoch);
            if (epoch != 2) {
                sink.commit(epoch);
            }
        }
        Files.delete(sink.epochsDir().resolve("epoch-000003.json"));
        assertThatIllegalStateException().isThrownBy(() -> sink.finish(operator.snapshot()))
                .withMessageContaining("the committed output of sink 'result-sink'")
                .withMessageContaining("but the operator counted");
        assertThat(result).doesNotExist();
    }

    private void feed(int events) {
        for (int i = 0; i < events; i++) {
            sink.write(operator.process(source.next()));
        }
    }

    private Stream<String> filesStream() throws IOException {
        return Files.list(sink.epochsDir()).map(path -> path.getFileName().toString()).sorted();
    }

    private List<String> files() throws IOException {
        try (Stream<String> names = filesStream()) {
            return names.toList();
        }
    }
}
