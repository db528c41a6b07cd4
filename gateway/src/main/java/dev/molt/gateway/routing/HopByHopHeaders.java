package dev.molt.gateway.routing;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The one rule for the headers that belong to a single hop (RFC 9110, 7.6.1), used on both proxy
 * paths and in both directions: the configured hop-by-hop names (Spring Cloud Gateway's
 * {@code spring.cloud.gateway.filter.remove-hop-by-hop.headers}) and every name the message's own
 * {@code Connection} header lists. The body framing and the host are never taken from a
 * {@code Connection} list, since dropping them would change how the next hop reads the message.
 * The bean is made in {@code scg} from Spring Cloud Gateway's setting, so this rule holds no framework type.
 */
public final class HopByHopHeaders {

    private static final Set<String> NEVER_LISTED = Set.of("content-length", "transfer-encoding", "host");

    private final String[] names;

    private HopByHopHeaders(Set<String> configured) {
        this.names = namesOf(configured);
    }

    /** The rule for the configured hop-by-hop names {@code configured}. */
    public static HopByHopHeaders of(Set<String> configured) {
        return new HopByHopHeaders(configured);
    }

    private static String[] namesOf(Set<String> configured) {
        Set<String> lower =
                configured.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        lower.add("connection");
        return lower.toArray(String[]::new);
    }

    /**
     * Calls {@code remove} with every name to drop from a message whose {@code Connection} header
     * values are {@code connection}; {@code keepFraming} keeps {@code Transfer-Encoding} (for a proxy
     * that forwards the body as it was framed).
     */
    public void forEachToRemove(List<String> connection, boolean keepFraming, Consumer<String> remove) {
        for (String name : names) {
            if (!keepFraming || !name.equals("transfer-encoding")) {
                remove.accept(name);
            }
        }
        if (connection.isEmpty()) {
            return;
        }
        Set<String> listed = new HashSet<>();
        for (String value : connection) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !NEVER_LISTED.contains(name)) {
                    listed.add(name);
                }
            }
        }
        listed.forEach(remove);
    }
}
