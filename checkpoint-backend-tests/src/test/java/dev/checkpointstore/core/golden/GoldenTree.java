package dev.checkpointstore.core.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import dev.checkpointstore.core.CheckpointIds;
import dev.checkpointstore.core.TestResources;
import dev.checkpointstore.core.fs.FileSystemLayout;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One tree LaminarDB wrote (or a damaged copy of one), with LaminarDB's own answers about it
 * ({@code report.json}, from {@code oracle report}). See the README beside the trees.
 *
 * @param name the tree's name
 * @param baseDir the base directory, holding {@code checkpoints/}
 */
public record GoldenTree(String name, Path baseDir) {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The directory of all golden data.
     *
     * @return {@code dev/checkpointstore/core/golden} in the test resources
     */
    public static Path root() {
        return TestResources.directory(GoldenTree.class, "/dev/checkpointstore/core/golden");
    }

    /**
     * Every tree, by name.
     *
     * @return the trees
     */
    public static List<GoldenTree> all() {
        try (Stream<Path> dirs = Files.list(root())) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("report.json"))).sorted()
                    .map(dir -> new GoldenTree(dir.getFileName().toString(), dir)).toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Every tree that the object layout can hold as it is: each checkpoint directory spelled as the
     * store writes it and holding a manifest, so both layouts list the same ids.
     *
     * @return the trees
     */
    public static List<GoldenTree> objectLayoutTrees() {
        return all().stream().filter(tree -> tree.objectLayout().isPresent()).toList();
    }

    /**
     * LaminarDB's answers, changed where the Java store deliberately differs ({@link Deviations}).
     *
     * @return the report the Java store must give
     */
    public ObjectNode expected() {
        try {
            ObjectNode report = (ObjectNode) JSON.readTree(Files.readString(baseDir.resolve("report.json")));
            normalizeErrors(report);
            Deviations.apply(name, report);
            return report;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** LaminarDB's parse errors become {@code {"error": "corrupt"}}, what the Java side reports. */
    private static void normalizeErrors(JsonNode node) {
        if (node instanceof ObjectNode object && object.has("error")
                && object.get("error").asString().startsWith("checkpoint serialization error")) {
            object.put("error", "corrupt");
        }
        node.forEach(GoldenTree::normalizeErrors);
    }

    /**
     * The checkpoints directory.
     *
     * @return {@code checkpoints/}
     */
    public Path checkpoints() {
        return baseDir.resolve(FileSystemLayout.CHECKPOINTS_DIR);
    }

    /**
     * The tree in the object layout, relative keys to files: {@code manifests/manifest-N.json},
     * {@code checkpoints/state-N.bin}, and {@code manifests/latest.json} as its bytes.
     *
     * @return the objects, or empty when the object layout cannot hold this tree
     */
    public Optional<ObjectTree> objectLayout() {
        Map<String, Path> files = new LinkedHashMap<>();
        OptionalLong latest = OptionalLong.empty();
        try (Stream<Path> entries = Files.list(checkpoints())) {
            for (Path entry : entries.sorted().toList()) {
                String file = entry.getFileName().toString();
                OptionalLong id = FileSystemLayout.parseDirectoryName(file);
                if (id.isPresent() && Files.isDirectory(entry)) {
                    Path manifest = entry.resolve(FileSystemLayout.MANIFEST_FILE);
                    if (!file.equals(FileSystemLayout.directoryName(id.getAsLong())) || !Files.isRegularFile(manifest)) {
                        return Optional.empty();
                    }
                    String digits = CheckpointIds.padded(id.getAsLong());
                    files.put("manifests/manifest-" + digits + ".json", manifest);
                    Path state = entry.resolve(FileSystemLayout.STATE_FILE);
                    if (Files.isRegularFile(state)) {
                        files.put("checkpoints/state-" + digits + ".bin", state);
                    }
                }
                else if (file.equals(FileSystemLayout.LATEST_FILE)) {
                    latest = FileSystemLayout.parseLatest(Files.readString(entry));
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return Optional.of(new ObjectTree(files, latest));
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * A tree in the object layout.
     *
     * @param files relative keys and the files that hold their bytes
     * @param latest the id {@code latest.json} names, empty when there is none
     */
    public record ObjectTree(Map<String, Path> files, OptionalLong latest) {
    }
}
