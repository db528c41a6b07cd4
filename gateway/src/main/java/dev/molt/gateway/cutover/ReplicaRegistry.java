package dev.molt.gateway.cutover;

import dev.molt.gateway.fence.CommandFence;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * This replica's membership among the gateway replicas that share a state database: it checks in
 * (id, admin URL, the stage and epoch it routes) at every poll of the {@link StageFollower}, which
 * renews its lease. A replica whose lease ran out (the state database unreachable for longer than
 * {@code molt.gateway.state.lease}) may have missed a stage change, so it fails closed for writes:
 * the {@link CommandFence} answers commands 503 with Retry-After, queries keep the stage known here,
 * and the health turns OUT_OF_SERVICE with the reason. The next successful poll opens it again.
 * Without a state database it is a replica alone and always UP.
 */
@Component
public class ReplicaRegistry implements HealthIndicator {

    static final Status LEASE_EXPIRED = Status.OUT_OF_SERVICE;
    private static final Logger log = LoggerFactory.getLogger(ReplicaRegistry.class);

    private final CutoverStore store;
    private final StateStoreProperties properties;
    private final CommandFence fence;
    private volatile String id;
    private volatile String adminUrl;
    private volatile long lastContact = System.currentTimeMillis();
    private volatile String lastFailure;
    private volatile boolean expired;

    ReplicaRegistry(CutoverStore store, StateStoreProperties properties, CommandFence fence) {
        this.store = store;
        this.properties = properties;
        this.fence = fence;
    }

    /** Tells the registry where this replica's admin API listens, once it does; check-ins start then. */
    public void advertise(String address, int port) {
        String configured = properties.adminUrl();
        adminUrl = configured == null || configured.isBlank() ? "http://" + address + ":" + port : configured;
        String name = properties.replicaId();
        id = name == null || name.isBlank() ? hostName() + ":" + port : name;
    }

    /** True when the replicas share a state database. */
    public boolean shared() {
        return store.shared() != null;
    }

    /** This replica's id; null until its admin API listens. */
    public String id() {
        return id;
    }

    /** Records a successful read of the state database: renews the lease, and checks in once the admin API listens. */
    void checkIn() {
        SharedStage shared = store.shared();
        if (shared == null) {
            return;
        }
        String me = id;
        long now = System.currentTimeMillis();
        if (me != null) {
            shared.checkIn(me, adminUrl, store.state().stage(), store.epoch(), now);
        }
        lastContact = now;
        lastFailure = null;
        if (expired) {
            expired = false;
            fence.allowCommands();
            log.info("Lease of replica {} renewed: commands pass again", me);
        }
    }

    /** Records a failed read of the state database. */
    void contactFailed(String reason) {
        lastFailure = reason;
        checkLease();
    }

    /** Fails closed for writes once the lease ran out; called by the follower's watchdog and on failures. */
    void checkLease() {
        if (store.shared() == null || expired) {
            return;
        }
        long silent = System.currentTimeMillis() - lastContact;
        if (silent > properties.lease().toMillis()) {
            expired = true;
            String reason = "the state database has not answered for " + silent + " ms (lease "
                    + properties.lease().toMillis() + " ms)" + (lastFailure == null ? "" : ": " + lastFailure);
            fence.refuseCommands("this gateway replica holds commands: " + reason);
            log.warn("Lease of replica {} expired; commands are refused until it is renewed: {}", id, reason);
        }
    }

    /** The replicas that checked in within the lease, for the admin API; this replica's view alone without a state database. */
    public List<Map<String, Object>> live() {
        SharedStage shared = store.shared();
        if (shared == null) {
            return List.of();
        }
        long now = System.currentTimeMillis();
        return shared.replicas(now - properties.lease().toMillis()).stream()
                .map(replica -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("id", replica.id());
                    view.put("adminUrl", replica.adminUrl());
                    view.put("stage", replica.stage());
                    view.put("epoch", replica.epoch());
                    view.put("lastCheckIn", Instant.ofEpochMilli(replica.lastCheckIn()));
                    view.put("self", replica.id().equals(id));
                    return view;
                })
                .toList();
    }

    /** The clients every replica saw, the most recent old-API caller first; empty without a state database. */
    public List<Map<String, Object>> sharedClients(int limit) {
        SharedStage shared = store.shared();
        if (shared == null) {
            return List.of();
        }
        return shared.clients(limit).stream()
                .map(client -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("client", client.client());
                    view.put(
                            "lastOldApiCall",
                            client.lastOldApiCall() == null ? null : Instant.ofEpochMilli(client.lastOldApiCall()));
                    view.put(
                            "lastNewApiCall",
                            client.lastNewApiCall() == null ? null : Instant.ofEpochMilli(client.lastNewApiCall()));
                    view.put("lastReplica", client.lastReplica());
                    return view;
                })
                .toList();
    }

    /** The admin URLs of the other live replicas. */
    public List<URI> others() {
        return live().stream()
                .filter(view -> !Boolean.TRUE.equals(view.get("self")))
                .map(view -> URI.create((String) view.get("adminUrl")))
                .toList();
    }

    @Override
    public Health health() {
        if (store.shared() == null) {
            return Health.up().withDetail("state", "file").build();
        }
        Health.Builder health = expired ? Health.status(LEASE_EXPIRED) : Health.up();
        health.withDetail("replica", String.valueOf(id))
                .withDetail("stage", store.state().stage())
                .withDetail("epoch", store.epoch())
                .withDetail("lastContact", Instant.ofEpochMilli(lastContact));
        if (expired) {
            health.withDetail(
                    "reason",
                    "lease expired, commands held: state database unreachable"
                            + (lastFailure == null ? "" : " (" + lastFailure + ")"));
        }
        return health.build();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "gateway";
        }
    }
}
