package dev.molt.replicator.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourcePositionTests {

    private static final String SERVER = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String OTHER = "a6b0c8d2-1f3e-11ef-8c5a-0242ac120003";

    @Test
    void mariaDbLagIsTheSequenceDistancePerDomain() {
        assertThat(SourcePosition.transactionsBehind("0-1-130", "0-1-100")).isEqualTo(30);
        assertThat(SourcePosition.transactionsBehind("0-1-130", "0-1-130")).isZero();
    }

    @Test
    void mariaDbLagAddsUpOverDomainsAndFollowsADomainAcrossServers() {
        assertThat(SourcePosition.transactionsBehind("0-1-130,1-2-50", "0-1-100,1-2-45"))
                .isEqualTo(35);
        assertThat(SourcePosition.transactionsBehind("0-2-130", "0-1-120")).isEqualTo(10);
    }

    @Test
    void mySqlLagCountsTheHeadsTransactionsAboveTheAppliedOne() {
        assertThat(SourcePosition.transactionsBehind(SERVER + ":1-130", SERVER + ":100"))
                .isEqualTo(30);
        assertThat(SourcePosition.transactionsBehind(SERVER + ":1-130", SERVER + ":130"))
                .isZero();
        assertThat(SourcePosition.transactionsBehind(SERVER + ":1-130", SERVER + ":1-100"))
                .isEqualTo(30);
    }

    @Test
    void mySqlLagCountsNothingInTheGapsOfTheHeadsSet() {
        assertThat(SourcePosition.transactionsBehind(SERVER + ":1-10:20-30:35", SERVER + ":5"))
                .isEqualTo(5 + 11 + 1);
        assertThat(SourcePosition.transactionsBehind(SERVER + ":1-10:20-30", SERVER + ":15"))
                .isEqualTo(11);
    }

    @Test
    void mySqlLagAddsUpOverTheUuidsAndTagsBothPositionsName() {
        String head = SERVER.toUpperCase() + ":1-130,\n" + OTHER + ":1-7:cutover:1-4";

        assertThat(SourcePosition.transactionsBehind(head, SERVER + ":120," + OTHER + ":5"))
                .isEqualTo(10 + 2);
        assertThat(SourcePosition.transactionsBehind(head, OTHER + ":cutover:1"))
                .isEqualTo(3);
    }

    @Test
    void aSourceTheAppliedPositionDoesNotNameCountsNothing() {
        assertThat(SourcePosition.transactionsBehind(SERVER + ":1-130," + OTHER + ":1-900", SERVER + ":125"))
                .isEqualTo(5);
        assertThat(SourcePosition.transactionsBehind("0-1-130,7-1-900", "0-1-125"))
                .isEqualTo(5);
    }

    @Test
    void anAppliedPositionAheadOfTheHeadCountsNothing() {
        assertThat(SourcePosition.transactionsBehind(SERVER + ":1-100", SERVER + ":130"))
                .isZero();
        assertThat(SourcePosition.transactionsBehind("0-1-100", "0-1-130")).isZero();
    }

    @Test
    void emptyGarbageAndFilePositionsCountNothingAndNeverThrow() {
        for (String garbage : new String[] {
            null,
            "",
            " , ",
            "binlog.000003:1234",
            "0-1",
            "0-1-x",
            SERVER,
            SERVER + ":",
            SERVER + ":9-3",
            SERVER + ":0",
            SERVER + ":1-99999999999999999999",
            "not-a-uuid:1-5",
            SERVER + ":1-5:no such tag!:1-2",
            "::::",
            "-1--1"
        }) {
            assertThat(SourcePosition.transactionsBehind(garbage, SERVER + ":1"))
                    .as("head " + garbage)
                    .isZero();
            assertThat(SourcePosition.transactionsBehind(SERVER + ":1-10", garbage))
                    .as("applied " + garbage)
                    .isZero();
            assertThat(SourcePosition.transactionsBehind(garbage, garbage))
                    .as("both " + garbage)
                    .isZero();
        }
    }
}
