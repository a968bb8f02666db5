package io.sendmailflink.jobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceSearchTest {

    private final List<JsonNode> traces = new ArrayList<>(DashboardFixtures.traces("mx1", "2026-03-01"));

    private List<String> queueIds(String q) {
        return TraceSearch.search(traces, q, 50).stream().map(t -> t.get("queue_id").asText()).toList();
    }

    @Test
    void queueIdMatchesExactlyIgnoringCase() {
        assertThat(queueIds(DashboardFixtures.QUEUE_ID)).containsExactly(DashboardFixtures.QUEUE_ID);
        assertThat(queueIds(DashboardFixtures.QUEUE_ID.toUpperCase())).containsExactly(DashboardFixtures.QUEUE_ID);
        assertThat(queueIds(DashboardFixtures.QUEUE_ID.substring(0, 8))).as("no prefix match on queue IDs").isEmpty();
    }

    @Test
    void messageIdMatchesWithOrWithoutAngleBrackets() {
        String id = DashboardFixtures.MESSAGE_ID;
        assertThat(queueIds(id)).containsExactly(DashboardFixtures.QUEUE_ID);
        assertThat(queueIds(id.substring(1, id.length() - 1))).containsExactly(DashboardFixtures.QUEUE_ID);
    }

    @Test
    void addressesMatchSenderAndRecipientsAlsoAsSubstring() {
        assertThat(queueIds(DashboardFixtures.SENDER)).containsExactly(DashboardFixtures.QUEUE_ID);
        assertThat(queueIds(" <" + DashboardFixtures.RECIPIENT + "> ")).containsExactly(DashboardFixtures.QUEUE_ID);
        assertThat(queueIds("partner.example.com")).containsExactly(DashboardFixtures.QUEUE_ID);
        assertThat(queueIds("evil.example")).containsExactly(DashboardFixtures.PAYLOAD_QUEUE_ID);
    }

    @Test
    void newestFirstAndLimited() {
        assertThat(queueIds("example")).containsExactly(DashboardFixtures.PAYLOAD_QUEUE_ID, DashboardFixtures.QUEUE_ID);
        assertThat(TraceSearch.search(traces, "example", 1)).hasSize(1);
    }

    @Test
    void blankAndTooShortQueriesFindNothing() {
        assertThat(queueIds("  ")).isEmpty();
        assertThat(queueIds("<>")).isEmpty();
        assertThat(queueIds("ex")).as("2 characters are no substring query").isEmpty();
    }
}
