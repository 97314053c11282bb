package dev.checkpointstore.core.azure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.checkpointstore.core.golden.GoldenReportAssert;
import dev.checkpointstore.core.golden.GoldenTree;
import dev.checkpointstore.test.azure.AzuriteExtension;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;

/**
 * Every golden tree the object layout can hold, uploaded to Azurite under a prefix in LaminarDB's
 * object layout and read by {@link AzureBlobCheckpointStore}: it answers as LaminarDB did.
 */
@ExtendWith(AzuriteExtension.class)
class AzureGoldenTreesTest {

    static List<GoldenTree> trees() {
        return GoldenTree.objectLayoutTrees();
    }

    @ParameterizedTest
    @MethodSource("trees")
    void readsAsLaminarDbDoes(GoldenTree tree, BlobContainerClient container) {
        String prefix = "nodes/" + tree.name() + "/";
        GoldenTree.ObjectTree objects = tree.objectLayout().orElseThrow();
        for (Map.Entry<String, Path> object : objects.files().entrySet()) {
            container.getBlobClient(prefix + object.getKey()).upload(BinaryData.fromFile(object.getValue()));
        }
        objects.latest().ifPresent(id -> container.getBlobClient(prefix + "manifests/latest.json").upload(
                BinaryData.fromString("{\"checkpoint_id\": " + Long.toUnsignedString(id) + "}"), true));
        AzureBlobCheckpointStore store = AzureBlobCheckpointStore.builder(container).prefix(prefix).build();
        GoldenReportAssert.assertAgrees(store, tree.expected());
    }
}
