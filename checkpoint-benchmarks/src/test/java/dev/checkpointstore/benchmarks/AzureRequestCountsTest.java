package dev.checkpointstore.benchmarks;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.checkpointstore.test.azure.AzuriteServer;

import static org.assertj.core.api.Assertions.assertThat;

class AzureRequestCountsTest {

    @Test
    void everyOperationStaysWithinItsRequestBudget() {
        Map<String, Map<String, Integer>> counts = AzureRequestCounts.measure(AzuriteServer.shared());

        assertThat(counts).containsOnlyKeys(AzureRequestCounts.BUDGETS.keySet());
        counts.forEach((operation, kinds) -> assertThat(AzureRequestCounts.total(kinds))
                .as("%s sent %s", operation, kinds).isEqualTo(AzureRequestCounts.BUDGETS.get(operation)));
        assertThat(counts.get("prune")).containsEntry("BATCH", 2).containsEntry("LIST", 2);
        assertThat(AzureRequestCounts.markdown(counts)).contains("| save | 2 |", "| saveWithState | 3 |");
    }
}
