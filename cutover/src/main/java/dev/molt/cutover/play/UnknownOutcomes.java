package dev.molt.cutover.play;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The final check of commands whose outcome the client could not know: each must be found applied
 * once or not at all, never twice. A replace carries a unique name and If-Match, so it shows as one
 * version more with that name; a stock adjustment is not idempotent, so the row's version says how
 * many were applied and its stock must be the sum of that many of them; every create's name is
 * unique, so a name found twice is a create applied twice.
 */
final class UnknownOutcomes {

    private UnknownOutcomes() {}

    /** A problem if {@code row} is neither the acknowledged state nor it with some unknown commands applied once. */
    static Optional<String> check(
            String database, long id, WriteCheck.Row row, Ledger.Expected want, Ledger.Unknown maybe) {
        if (row == null) {
            return maybe.deleteTried
                    ? Optional.empty()
                    : Optional.of(database + ": squid " + id + " (version " + want.version() + ") is missing");
        }
        long extra = row.version() - want.version();
        boolean sameFields = Objects.equals(row.name(), want.name())
                && row.price() == want.price()
                && Objects.equals(row.origin(), want.origin());
        boolean replaced = maybe.replacedBy != null && extra == 1 && maybe.replacedBy.equals(row.name());
        boolean adjusted = sameFields
                && extra >= 0
                && extra <= maybe.deltas.size()
                && sums(maybe.deltas, (int) extra).contains(row.stock() - want.stock());
        if (replaced || adjusted) {
            return Optional.empty();
        }
        return Optional.of(database + ": squid " + id + " at version " + row.version() + " holds " + row
                + "; its acknowledged writes made it " + want + " and its " + maybe.commands()
                + " command(s) of unknown outcome cannot explain the rest (applied twice, or lost)");
    }

    /** The sums of exactly {@code count} of {@code deltas}. */
    static Set<Integer> sums(List<Integer> deltas, int count) {
        List<Set<Integer>> byCount = new ArrayList<>();
        for (int i = 0; i <= count; i++) {
            byCount.add(new HashSet<>());
        }
        byCount.get(0).add(0);
        for (int delta : deltas) {
            for (int taken = count; taken >= 1; taken--) {
                for (int sum : List.copyOf(byCount.get(taken - 1))) {
                    byCount.get(taken).add(sum + delta);
                }
            }
        }
        return byCount.get(count);
    }

    /** Names found more than once: every create names its squid uniquely, so a create applied twice. */
    static List<String> createdTwice(String database, Collection<WriteCheck.Row> rows) {
        Map<String, Long> counts = new TreeMap<>(rows.stream()
                .map(WriteCheck.Row::name)
                .filter(Objects::nonNull)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));
        List<String> problems = new ArrayList<>();
        counts.forEach((name, count) -> {
            if (count > 1) {
                problems.add(database + ": '" + name + "' exists " + count + " times: a create applied more than once");
            }
        });
        return problems;
    }
}
