package dev.molt.replicator.capture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Struct;

/**
 * How many source transactions lie between the applied position and the source's head, from the
 * GTID text of both servers' kinds. MariaDB names the last transaction per replication domain
 * ({@code domain-server-seq}, comma separated; sequence numbers count up within a domain). MySQL
 * names the set of executed transactions per server uuid ({@code uuid:1-100:120-130,uuid2:1-5},
 * optionally with tags, {@code uuid:tag:1-3}), and a change event names its own transaction
 * ({@code uuid:130}). So the lag is, per domain or uuid that both positions name, the head's
 * transactions above the highest applied one, counted over the set's intervals (gaps count
 * nothing). A domain or uuid the applied position does not name counts nothing: its progress is
 * unknown. Garbage, a file:position and an empty text count nothing either: this answers the
 * status endpoint, which must never fail over a position.
 */
public final class SourcePosition {

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
    private static final Pattern INTERVAL = Pattern.compile("\\d{1,18}(-\\d{1,18})?");
    private static final Pattern TAG = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,31}");
    private static final Pattern MARIADB = Pattern.compile("\\d{1,10}-\\d{1,10}-\\d{1,19}");

    private SourcePosition() {}

    /**
     * The source position a change event names: its GTID where the server has them, its binlog
     * {@code file:pos} otherwise, empty where it names none (a heartbeat of another kind, a
     * tombstone).
     *
     * @param value the event's value, a Debezium envelope with a {@code source} block
     */
    public static String ofEvent(Object value) {
        if (!(value instanceof Struct envelope) || envelope.schema().field("source") == null) {
            return "";
        }
        Struct source = envelope.getStruct("source");
        if (source.schema().field("gtid") != null && source.get("gtid") != null) {
            return source.getString("gtid");
        }
        if (source.schema().field("file") != null) {
            return source.get("file") + ":" + source.get("pos");
        }
        return "";
    }

    /** Source transactions in {@code head} not yet in {@code applied}; 0 where unknown. */
    public static long transactionsBehind(String head, String applied) {
        Map<String, List<long[]>> executed = parse(head);
        Map<String, List<long[]>> done = parse(applied);
        long lag = 0;
        for (Map.Entry<String, List<long[]>> source : executed.entrySet()) {
            List<long[]> appliedIntervals = done.get(source.getKey());
            if (appliedIntervals == null) {
                continue;
            }
            long highest = appliedIntervals.stream().mapToLong(i -> i[1]).max().orElse(0);
            for (long[] interval : source.getValue()) {
                lag += Math.max(0, interval[1] - Math.max(interval[0] - 1, highest));
            }
        }
        return lag;
    }

    /** The transactions a position names, by domain or uuid (and tag), as closed intervals. */
    private static Map<String, List<long[]>> parse(String position) {
        Map<String, List<long[]>> sources = new HashMap<>();
        if (position == null) {
            return sources;
        }
        for (String element : position.split(",")) {
            String gtid = element.strip();
            if (gtid.contains(":")) {
                parseMySql(gtid, sources);
            } else if (MARIADB.matcher(gtid).matches()) {
                String[] parts = gtid.split("-");
                sources.computeIfAbsent("domain " + parts[0], d -> new ArrayList<>())
                        .add(new long[] {1, Long.parseLong(parts[2])});
            }
        }
        return sources;
    }

    /** One uuid's part of a MySQL GTID set or a single GTID; ignored whole where malformed. */
    private static void parseMySql(String gtid, Map<String, List<long[]>> sources) {
        String[] parts = gtid.split(":", -1);
        if (!UUID.matcher(parts[0].strip()).matches()) {
            return;
        }
        String uuid = parts[0].strip().toLowerCase(Locale.ROOT);
        String source = uuid;
        Map<String, List<long[]>> found = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            if (INTERVAL.matcher(part).matches()) {
                String[] bounds = part.split("-");
                long from = Long.parseLong(bounds[0]);
                long to = bounds.length == 2 ? Long.parseLong(bounds[1]) : from;
                if (from < 1 || to < from) {
                    return;
                }
                found.computeIfAbsent(source, s -> new ArrayList<>()).add(new long[] {from, to});
            } else if (TAG.matcher(part).matches()) {
                source = uuid + ":" + part.toLowerCase(Locale.ROOT);
            } else {
                return;
            }
        }
        found.forEach((key, intervals) ->
                sources.computeIfAbsent(key, k -> new ArrayList<>()).addAll(intervals));
    }
}
