package dev.molt.cutover.play;

import dev.molt.cutover.admin.AdminClient;
import dev.molt.cutover.admin.AdminException;
import dev.molt.cutover.stack.Crashable;
import dev.molt.cutover.stack.DatabaseAccess;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Plays the twelve stages on a running stack ({@link PlayTarget}): seeds the OLD shop, starts the clients,
 * moves the stages along its course ({@link StageCourse}: the plan walked through advance calls, with
 * the rollback drill if asked, or a declared target the gateways converge to), moves the clients to
 * the new API at stage 9, checks OLD while it is still the rollback target, and at the end checks
 * every acknowledged write against the databases. With faults ({@link FaultDrill}) it crashes one
 * process of the stack at a time on the way and counts the requests inside each crash's window apart.
 */
public final class Player {

    /** The stage from which NEW takes the commands. */
    private static final int COMMAND_SWITCHED = 6;

    private final PlayTarget stack;
    private final PlaySettings settings;
    private final PrintWriter out;
    private final Crashable crashable;

    public Player(PlayTarget stack, PlaySettings settings, PrintWriter out) {
        this(stack, settings, out, null);
    }

    /** A play whose fault drill ({@link PlaySettings#faults()}) kills processes of {@code crashable}. */
    public Player(PlayTarget stack, PlaySettings settings, PrintWriter out, Crashable crashable) {
        this.stack = stack;
        this.settings = settings;
        this.out = out;
        this.crashable = crashable;
        if (!settings.faults().isEmpty() && crashable == null) {
            throw new IllegalArgumentException("a fault drill needs the stack ./molt play starts, not --attach");
        }
    }

    /** Plays and reports; returns whether everything held. */
    public boolean play() throws InterruptedException {
        JsonNode initial = refuseUsedStack();
        Ledger ledger = new Ledger();
        say("seeding the OLD shop with " + settings.squids() + " squids");
        seed(stack.oldDatabase(), settings.squids(), ledger);

        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        AdminClient admin = stack.admin();
        ReplicatorWatch replicator = new ReplicatorWatch(http, stack.replicator(), admin.token());
        FaultDrill drill = settings.faults().isEmpty()
                ? FaultDrill.none()
                : new FaultDrill(settings.faults(), crashable, this::say);
        Traffic traffic = new Traffic(1, StageDriver.stageName(initial), "1", drill);
        List<LoadClient> clients = clients(http, stack.gateways(), traffic, ledger);
        List<Thread> threads = new ArrayList<>();
        for (LoadClient client : clients) {
            Thread thread = new Thread(client, client.shop().id());
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        scheduler.scheduleAtFixedRate(() -> progress(traffic, replicator), 1, 1, TimeUnit.SECONDS);
        StageCourse course = settings.declarative()
                ? new DeclaredCourse(admin, replicator, settings.dwell(), settings.patience())
                : new PlannedCourse(
                        admin, new StageDriver(stack.admins(), settings.patience()), replicator, drill, settings);
        Stops stops = new Stops(traffic, clients, scheduler, ledger, replicator);
        try {
            dwell();
            course.run(stops);
        } catch (IllegalStateException | AdminException e) {
            stops.failures.add(e.getMessage());
        } finally {
            clients.forEach(LoadClient::stop);
            for (Thread thread : threads) {
                thread.join(15_000);
            }
            scheduler.shutdownNow();
            traffic.finish();
        }
        stops.finalChecks();
        stops.failures.addAll(drill.failures());
        PlayReport report = new PlayReport(
                traffic,
                stops.checks,
                ledger.acknowledgedWrites(),
                stops.failures,
                new PlayReport.Faults(drill.windows(), drill.notes(), ledger.unknownCommands()),
                stops.blocks);
        report.print(out);
        report.write(settings.reportDir());
        say("report: " + settings.reportDir().resolve("report.html") + " and report.json");
        return report.passed();
    }

    /**
     * What the play does at each stop of its course: a segment of the report per stage, the clients
     * moved to the new API at stage 9 and back to the old one when a rollback reaches stage 8 (the
     * last stage before the new API's routes go), the write checks, the blocks and failures.
     */
    private final class Stops implements StageCourse.Stops {

        private final Traffic traffic;
        private final List<LoadClient> clients;
        private final ScheduledExecutorService scheduler;
        private final Ledger ledger;
        private final ReplicatorWatch replicator;
        private final List<WriteCheck.Result> checks = new ArrayList<>();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final List<Block> blocks = new CopyOnWriteArrayList<>();

        Stops(
                Traffic traffic,
                List<LoadClient> clients,
                ScheduledExecutorService scheduler,
                Ledger ledger,
                ReplicatorWatch replicator) {
            this.traffic = traffic;
            this.clients = clients;
            this.scheduler = scheduler;
            this.ledger = ledger;
            this.replicator = replicator;
        }

        @Override
        public Segment entered(StageStep step) {
            Transition transition = step.transition();
            Segment segment = traffic.begin(transition.to(), step.name(), transition.label());
            if (step.holdMillis() != null) {
                segment.hold(step.holdMillis());
            }
            segment.actor(step.actor());
            say("stage " + transition.to() + " (" + step.name() + ")"
                    + (transition.advance() ? "" : ", rolled back")
                    + (step.holdMillis() == null ? "" : ", commands held " + step.holdMillis() + " ms"));
            if (transition.advance() && transition.to() == 9) {
                moveGradually(clients, scheduler, Dialect.NEW, step.atMillis());
            } else if (!transition.advance() && transition.to() == 8) {
                moveGradually(clients, scheduler, Dialect.OLD, step.atMillis());
            }
            return segment;
        }

        @Override
        public void checkOld() {
            var snapshot = ledger.expectations();
            replicator.drain("reverse", Duration.ofSeconds(30));
            checks.add(WriteCheck.againstOld(stack.oldDatabase(), snapshot, false));
        }

        @Override
        public void blocked(Block block) {
            blocks.add(block);
        }

        @Override
        public void failed(String failure) {
            failures.add(failure);
        }

        @Override
        public void say(String line) {
            Player.this.say(line);
        }

        /**
         * With the load stopped, every acknowledged write against the database that takes the
         * writes now, exactly; before the command switch (stage 6) also against NEW once forward
         * replication has drained, and OLD and NEW compared whole by the replicator.
         */
        void finalChecks() {
            int stage;
            try {
                stage = stack.admin().state().path("stage").asInt();
            } catch (AdminException e) {
                failures.add("could not read the stage for the final checks: " + e.getMessage());
                stage = COMMAND_SWITCHED;
            }
            if (stage >= COMMAND_SWITCHED) {
                checks.add(WriteCheck.againstNew(stack.newDatabase(), ledger.expectations(), ledger.unknowns(), true));
                return;
            }
            checks.add(WriteCheck.againstOld(stack.oldDatabase(), ledger.expectations(), ledger.unknowns(), true));
            if (stage < 2) {
                return;
            }
            try {
                replicator.drain("forward", Duration.ofSeconds(30));
                checks.add(WriteCheck.againstNew(stack.newDatabase(), ledger.expectations(), ledger.unknowns(), true));
                checks.add(replicator.verify("forward", "OLD = NEW"));
            } catch (IllegalStateException e) {
                failures.add(e.getMessage());
            }
        }
    }

    /**
     * The clients, client k on gateway replica k mod their number; the read-after-writers hop to
     * the next replica on every request, so that each read goes through another replica than the
     * write before it.
     */
    private List<LoadClient> clients(HttpClient http, List<URI> gateways, Traffic traffic, Ledger ledger) {
        long pause = settings.pause().toMillis();
        List<LoadClient> clients = new ArrayList<>();
        for (int i = 0; i < settings.readers(); i++) {
            ShopClient shop = new ShopClient(http, gateways, clients.size(), false, "reader-" + i);
            clients.add(new Reader(shop, traffic, ledger, 100 + i, pause));
        }
        for (int i = 0; i < settings.writers(); i++) {
            ShopClient shop = new ShopClient(http, gateways, clients.size(), false, "writer-" + i);
            clients.add(new Writer(shop, traffic, ledger, 200 + i, pause));
        }
        for (int i = 0; i < settings.readAfterWriters(); i++) {
            ShopClient shop = new ShopClient(http, gateways, clients.size(), true, "read-after-writer-" + i);
            clients.add(new ReadAfterWriter(shop, traffic, ledger, 300 + i, pause));
        }
        for (int i = 0; i < settings.adjusters(); i++) {
            ShopClient shop = new ShopClient(http, gateways, clients.size(), false, "adjuster-" + i);
            clients.add(new StockAdjuster(shop, traffic, ledger, 400 + i, pause));
        }
        return clients;
    }

    /**
     * Each client moves to {@code dialect} at its own moment within the first part of the dwell that
     * began at {@code sinceMillis} (what of it is already gone when the play learns of the step is
     * gone from the window: a declared target's next step keeps the gateway's time, not the play's).
     */
    private void moveGradually(
            List<LoadClient> clients, ScheduledExecutorService scheduler, Dialect dialect, long sinceMillis) {
        Random random = new Random(9);
        long late = Math.max(0, System.currentTimeMillis() - sinceMillis);
        long window = Math.max(1, settings.dwell().toMillis() * 6 / 10 - late);
        for (LoadClient client : clients) {
            scheduler.schedule(() -> client.shop().moveTo(dialect), random.nextLong(window), TimeUnit.MILLISECONDS);
        }
    }

    private void progress(Traffic traffic, ReplicatorWatch replicator) {
        long lag = replicator.lagMillis();
        if (lag >= 0) {
            traffic.lag(lag);
        }
        Segment segment = traffic.current();
        out.printf(
                "  stage %-5s %6d requests  %d unexpected  %d transport errors  %d stale  lag %s%n",
                segment.label().strip(),
                segment.requests(),
                segment.unexpectedStatuses(),
                segment.transportErrors(),
                segment.staleReads(),
                lag >= 0 ? lag + " ms" : "-");
        out.flush();
    }

    private void dwell() throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(settings.dwell().toMillis());
    }

    /**
     * A play walks the stages from the first and owns the shop's data: a stack already moved on,
     * or with squids in OLD, is refused before anything changes. Returns the gateway's state.
     */
    private JsonNode refuseUsedStack() {
        JsonNode state = stack.admin().state();
        int stage = state.path("stage").asInt();
        long squids;
        try (Connection connection = stack.oldDatabase().connect();
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM squid")) {
            count.next();
            squids = count.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not read the OLD shop at " + stack.oldDatabase().url() + ": " + e.getMessage(), e);
        }
        if (stage != 1 || squids > 0) {
            throw new IllegalStateException(
                    "a play needs a fresh stack, at stage 1 with no squids; this one is at stage "
                            + stage + " with " + squids
                            + " squids (start it again: ./molt up, or docker compose down -v"
                            + " and up)");
        }
        return state;
    }

    private void say(String line) {
        out.println("- " + line);
        out.flush();
    }

    private static void seed(DatabaseAccess db, int count, Ledger ledger) {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        try (Connection connection = db.connect();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO squid (id, name, price, stock, origin, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 1)")) {
            connection.setAutoCommit(false);
            for (int id = 1; id <= count; id++) {
                String name = "seed squid " + id;
                int price = 1000 + (id % 50) * 100;
                String origin = id % 3 == 0 ? null : "Ulleung " + (id % 7);
                insert.setLong(1, id);
                insert.setString(2, name);
                insert.setInt(3, price);
                insert.setInt(4, 1000);
                insert.setString(5, origin);
                insert.setObject(6, now);
                insert.addBatch();
                ledger.seed(id, name, price, 1000, origin);
                if (id % 1000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("could not seed the OLD shop: " + e.getMessage(), e);
        }
    }
}
