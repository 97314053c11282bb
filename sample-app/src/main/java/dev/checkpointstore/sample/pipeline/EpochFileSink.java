package dev.checkpointstore.sample.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

import dev.checkpointstore.spring.coordinator.TransactionalSink;

/**
 * A two-phase-commit file sink with one transaction per checkpoint epoch, driven by the
 * checkpoint coordinator. During an epoch it buffers the newest count of every key that changed;
 * {@link #preCommit} makes that epoch's changes durable as {@code epochs/epoch-N.pending}, and
 * {@link #commit}, called once the checkpoint naming epoch {@code N} is saved, publishes them (and
 * any earlier epoch still pending) as {@code epochs/epoch-N.json}.
 *
 * <p>On start the coordinator ties the committed output to the restored checkpoint: the epochs it
 * promised are committed, everything after it is aborted (it is replayed from the source)
 * ({@link #recover} does both). Because committed epochs hold absolute counts, folding them in
 * order gives exactly the operator's counts, however often the process was killed;
 * {@link #finish} does that fold, checks it against the operator and writes the
 * {@link ResultFile}. Thread-safe: several listener threads may write at once.
 */
public final class EpochFileSink implements TransactionalSink {

    /** The sink's name in the manifest's {@code sink_epochs}, {@code sink_commit_statuses} and {@code sink_names}. */
    public static final String NAME = "result-sink";

    private static final Pattern EPOCH_FILE = Pattern.compile("epoch-(\\d{6,19})\\.(pending|json)");
    private static final JsonFactory JSON = new JsonFactory();

    private final Path resultFile;
    private final Path epochsDir;
    private final EventStream stream;
    private final long[] latest;
    private final BitSet changed;
    private long total;

    /**
     * Creates a sink.
     * @param resultFile where {@link #finish} writes the result; epochs go to {@code epochs/} beside it
     * @param stream the stream, for the key space and key names
     */
    public EpochFileSink(Path resultFile, EventStream stream) {
        this.resultFile = resultFile;
        this.epochsDir = resultFile.toAbsolutePath().getParent().resolve("epochs");
        this.stream = stream;
        this.latest = new long[stream.keys()];
        this.changed = new BitSet(stream.keys());
    }

    /**
     * The directory holding the epoch files.
     * @return the directory
     */
    public Path epochsDir() {
        return epochsDir;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Buffers one update in the current epoch. Totals only grow, so of updates from several threads
     * the largest total is the newest.
     * @param update the operator's output
     */
    public synchronized void write(CountUpdate update) {
        latest[update.keyId()] = update.count();
        changed.set(update.keyId());
        total = Math.max(total, update.total());
    }

    /**
     * Makes the current epoch's changes durable as pending and starts a new epoch.
     * @param epoch the epoch, the id of the checkpoint about to be saved
     */
    @Override
    public synchronized void preCommit(long epoch) {
        AtomicFiles.write(epochFile(epoch, "pending"), out -> {
            try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
                json.writeStartObject();
                json.writeNumberProperty("epoch", epoch);
                json.writeNumberProperty("total", total);
                json.writeName("counts");
                json.writeStartObject();
                for (int id = changed.nextSetBit(0); id >= 0; id = changed.nextSetBit(id + 1)) {
                    json.writeNumberProperty(stream.keyName(id), latest[id]);
                }
                json.writeEndObject();
                json.writeEndObject();
            }
        });
        changed.clear();
    }

    /**
     * Publishes a pre-committed epoch and every earlier one still pending (a commit that failed
     * before). Idempotent: committing a committed epoch does nothing.
     * @param epoch the epoch
     * @throws IllegalStateException when the epoch was neither pre-committed nor committed
     */
    @Override
    public synchronized void commit(long epoch) {
        for (EpochFile file : scan()) {
            if (file.pending() && file.epoch() < epoch) {
                commitOne(file.epoch());
            }
        }
        commitOne(epoch);
    }

    /**
     * Discards every epoch from {@code epoch} on, pending or committed, the result written from
     * them, and what is buffered: the restored state has not seen their events.
     * @param epoch the first epoch to discard
     */
    @Override
    public synchronized void abort(long epoch) {
        for (EpochFile file : scan()) {
            if (file.epoch() >= epoch) {
                AtomicFiles.delete(file.path());
            }
        }
        AtomicFiles.delete(resultFile);
        changed.clear();
    }

    private void commitOne(long epoch) {
        Path pending = epochFile(epoch, "pending");
        Path committed = epochFile(epoch, "json");
        if (Files.exists(pending)) {
            AtomicFiles.rename(pending, committed);
        }
        else if (!Files.exists(committed)) {
            throw new IllegalStateException("epoch " + epoch + " of sink '" + NAME + "' was never pre-committed: neither "
                    + pending + " nor " + committed + " exists");
        }
    }

    /**
     * Aligns the output with a restored checkpoint, before processing resumes: commits the
     * pending epochs it covers, aborts every later epoch, removes a stale result and clears the
     * buffer.
     * @param epoch the sink epoch of the restored checkpoint, 0 on a fresh start
     * @return what was done
     */
    public synchronized Recovery recover(long epoch) {
        int committed = 0;
        int aborted = 0;
        for (EpochFile file : scan()) {
            if (file.epoch() > epoch) {
                AtomicFiles.delete(file.path());
                aborted++;
            }
            else if (file.pending()) {
                commitOne(file.epoch());
                committed++;
            }
        }
        AtomicFiles.delete(resultFile);
        changed.clear();
        return new Recovery(committed, aborted);
    }

    /**
     * Folds the committed epochs into the final counts, checks them against the operator and
     * writes the {@link ResultFile}.
     * @param expected the operator's state after the last event
     * @throws IllegalStateException when the committed output disagrees with the operator
     */
    public synchronized void finish(OperatorState expected) {
        long[] counts = new long[stream.keys()];
        long foldedTotal = 0;
        for (EpochFile file : scan()) {
            if (!file.pending()) {
                foldedTotal = fold(file.epoch(), file.path(), counts);
            }
        }
        for (int id = 0; id < counts.length; id++) {
            if (counts[id] != expected.count(id)) {
                throw new IllegalStateException("the committed output of sink '" + NAME + "' in " + epochsDir
                        + " counts key " + stream.keyName(id) + " " + counts[id] + " times but the operator counted "
                        + expected.count(id));
            }
        }
        if (foldedTotal != expected.total()) {
            throw new IllegalStateException("the committed output of sink '" + NAME + "' in " + epochsDir + " has total "
                    + foldedTotal + " but the operator has " + expected.total());
        }
        ResultFile.write(resultFile, stream, counts, foldedTotal);
    }

    private long fold(long epoch, Path file, long[] counts) {
        try (InputStream in = Files.newInputStream(file);
                JsonParser json = JSON.createParser(ObjectReadContext.empty(), in)) {
            expect(json.nextToken(), JsonToken.START_OBJECT, file);
            long fileTotal = -1;
            String field;
            while ((field = json.nextName()) != null) {
                JsonToken token = json.nextToken();
                switch (field) {
                    case "epoch" -> {
                        expect(token, JsonToken.VALUE_NUMBER_INT, file);
                        if (json.getLongValue() != epoch) {
                            throw new IllegalStateException(file + " holds epoch " + json.getLongValue());
                        }
                    }
                    case "total" -> {
                        expect(token, JsonToken.VALUE_NUMBER_INT, file);
                        fileTotal = json.getLongValue();
                    }
                    case "counts" -> {
                        expect(token, JsonToken.START_OBJECT, file);
                        String key;
                        while ((key = json.nextName()) != null) {
                            expect(json.nextToken(), JsonToken.VALUE_NUMBER_INT, file);
                            counts[stream.keyId(key)] = json.getLongValue();
                        }
                    }
                    default -> json.skipChildren();
                }
            }
            if (fileTotal < 0) {
                throw new IllegalStateException(file + " has no total");
            }
            return fileTotal;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
        catch (JacksonException ex) {
            throw new IllegalStateException(file + " is not a valid epoch file: " + ex.getOriginalMessage(), ex);
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, Path file) {
        if (actual != expected) {
            throw new IllegalStateException(file + " is not a valid epoch file: expected " + expected + ", found " + actual);
        }
    }

    private List<EpochFile> scan() {
        List<EpochFile> files = new ArrayList<>();
        if (!Files.isDirectory(epochsDir)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(epochsDir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                Matcher m = EPOCH_FILE.matcher(name);
                if (m.matches()) {
                    files.add(new EpochFile(Long.parseLong(m.group(1)), entry, m.group(2).equals("pending")));
                }
                else if (name.endsWith(".tmp")) {
                    AtomicFiles.delete(entry);
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot list " + epochsDir + ": " + ex.getMessage(), ex);
        }
        files.sort(Comparator.comparingLong(EpochFile::epoch));
        return files;
    }

    private Path epochFile(long epoch, String suffix) {
        return epochsDir.resolve(String.format("epoch-%06d.%s", epoch, suffix));
    }

    private record EpochFile(long epoch, Path path, boolean pending) {
    }

    /**
     * What {@link #recover} did.
     *
     * @param committed pending epochs it committed
     * @param aborted epochs after the checkpoint that it deleted
     */
    public record Recovery(int committed, int aborted) {
    }
}
