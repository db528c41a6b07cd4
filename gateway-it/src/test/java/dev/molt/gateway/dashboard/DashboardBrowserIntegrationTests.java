package dev.molt.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Json;
import dev.molt.gateway.support.Load;
import dev.molt.gateway.support.RunningGateway;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real browser: headless Chromium from Debian's packages, driven by Selenium
 * through chromedriver, against a running gateway. The browser is installed by the project's own
 * {@code deploy/scripts/ensure-chromium.sh} when it is missing, so this test runs (and is never
 * skipped) on a clean machine. It leaves a screenshot in {@code target/dashboard.png}; with
 * {@code -Ddashboard.docs=true} it also refreshes {@code docs/dashboard.png}, the README's picture.
 */
class DashboardBrowserIntegrationTests {

    private static final Duration PAGE_WAIT = Duration.ofSeconds(10);
    private static final int WIDTH = 1440;
    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    /** Set to true to refresh the README's screenshot, {@code docs/dashboard.png} (the test then runs a minute longer). */
    private static final String DOCS = "dashboard.docs";

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    private static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        ensureChromium();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(onPath("chromium"));
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--window-size=" + WIDTH + ",1600");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(onPath("chromedriver"))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aWrongTokenIsRefusedWithAClearMessageAndShowsNothing() {
        RunningGateway gateway = fixture.start(Map.of());

        browser.get(page(gateway) + "#token=not-the-token");

        WebElement message = browser.findElement(By.id("login-error"));
        await("the refusal shown").atMost(PAGE_WAIT).until(message::isDisplayed);
        assertThat(message.getText()).contains("refused").contains("403").contains("the admin token is not valid");
        assertThat(browser.findElement(By.id("dashboard")).isDisplayed()).isFalse();
        assertThat(browser.getCurrentUrl())
                .as("the token leaves the address bar")
                .doesNotContain("not-the-token");
    }

    @Test
    void drivesTheCutoverFromThePageShowingTheBlockersOfARefusedAdvance() throws IOException {
        RunningGateway gateway = fixture.startAt(8, Map.of("molt.gateway.cutover.quiet-period", "10m"));
        fixture.replicator().pipeline("reverse").state = "STREAMING";
        try (Load clients = Load.start(3, Duration.ofSeconds(120), 10_000, 15, client -> switch (client) {
            case 0 -> gateway.get("/query/api/squids/1");
            case 1 -> gateway.get("/query/api/seafoods/1");
            default -> gateway.post("/command/api/seafoods", "{}");
        })) {
            walkThroughThePage(gateway);
        }
    }

    private static void walkThroughThePage(RunningGateway gateway) throws IOException {

        browser.get(page(gateway));
        browser.findElement(By.id("token-input")).sendKeys(RunningGateway.TOKEN);
        browser.findElement(By.id("login-button")).click();
        expectStage("Stage 8: add NEW API routing");
        expectRedrawn(
                "stage 8 marked current",
                () -> browser.findElement(By.id("stage-8"))
                        .getDomAttribute("class")
                        .equals("current"));
        expectRedrawn(
                "the NEW API's queries routed to NEW",
                () -> browser.findElement(By.id("route-new-api-query"))
                        .getText()
                        .contains("NEW"));

        confirm("advance", null);
        expectStage("Stage 9: clients switch API");

        assertThat(gateway.get("/query/api/squids/1").statusCode()).isEqualTo(200);
        expectRedrawn(
                "the old-API call blocks stage 10",
                () -> browser.findElements(By.cssSelector("#blockers tr.blocker")).stream()
                        .anyMatch(row -> "no-old-api-calls".equals(row.getDomAttribute("data-guard"))));
        confirm("advance", null);
        WebElement refusal = await("the refusal's blockers")
                .atMost(PAGE_WAIT)
                .ignoreExceptions()
                .until(() -> browser.findElement(By.id("refusal")), WebElement::isDisplayed);
        assertThat(refusal.getText()).contains("no-old-api-calls").contains("(forceable)");
        assertThat(browser.findElement(By.id("action-result")).getText()).contains("Advance refused");
        expectStage("Stage 9: clients switch API");

        confirm("force", "every client confirmed on the new API");
        expectStage("Stage 10: remove OLD routing");
        JsonNode history = Json.of(gateway.admin("GET", "/admin/cutover")).get("history");
        JsonNode forced = history.get(history.size() - 1);
        assertThat(forced.get("forced").asBoolean()).isTrue();
        assertThat(forced.get("reason").asString()).isEqualTo("every client confirmed on the new API");

        confirm("rollback", null);
        expectStage("Stage 9: clients switch API");
        assertThat(gateway.admin("GET", "/admin/cutover").body()).contains("\"stage\":9");

        await("the traffic charts")
                .atMost(PAGE_WAIT)
                .ignoreExceptions()
                .until(
                        () -> browser.findElement(By.cssSelector("#traffic-new-api-query .rps"))
                                .getText(),
                        rate -> !rate.startsWith("0.0"));
        expectRedrawn(
                "the client table",
                () -> browser.findElement(By.id("clients")).getText().contains("127.0.0.1"));
        assertThat(browser.findElement(By.id("history")).getText())
                .contains("every client confirmed on the new API")
                .contains("REFUSED");

        if (Boolean.getBoolean(DOCS)) {
            // the README's picture: charts with a minute of traffic in them
            await("a minute of traffic")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> secondsWithTraffic(gateway) >= 60);
        }
        screenshot();
    }

    private static long secondsWithTraffic(RunningGateway gateway) {
        JsonNode requests = Json.of(gateway.admin("GET", "/admin/cutover/traffic"))
                .get("groups")
                .get(2)
                .get("requests");
        long seconds = 0;
        for (JsonNode count : requests) {
            seconds += count.asLong() > 0 ? 1 : 0;
        }
        return seconds;
    }

    /** Clicks {@code button}, then confirms in the dialog, typing {@code reason} if any. */
    private static void confirm(String button, String reason) {
        browser.findElement(By.id(button)).click();
        WebElement dialog = browser.findElement(By.id("confirm"));
        await("the confirmation").atMost(PAGE_WAIT).until(dialog::isDisplayed);
        assertThat(browser.findElement(By.id("confirm-title")).getText()).contains("stage");
        if (reason != null) {
            browser.findElement(By.id("confirm-reason")).sendKeys(reason);
        }
        browser.findElement(By.id("confirm-yes")).click();
        await("the confirmation closed").atMost(PAGE_WAIT).until(() -> !dialog.isDisplayed());
    }

    /**
     * Waits until {@code check} holds on a part of the page the dashboard redraws on every poll: an
     * element found there may be replaced before it is read, which is a reason to look again, not a
     * failure.
     */
    private static void expectRedrawn(String what, Callable<Boolean> check) {
        await(what)
                .atMost(PAGE_WAIT)
                .ignoreException(StaleElementReferenceException.class)
                .until(check);
    }

    private static void expectStage(String text) {
        await("stage shown: " + text)
                .atMost(PAGE_WAIT)
                .ignoreExceptions()
                .until(() -> browser.findElement(By.id("stage")).getText(), text::equals);
    }

    private static void screenshot() throws IOException {
        // the window as tall as the page, so the picture holds all of it and nothing below
        long page = (Long) browser.executeScript("return document.documentElement.scrollHeight");
        long frame = (Long) browser.executeScript("return window.outerHeight - window.innerHeight");
        browser.manage().window().setSize(new Dimension(WIDTH, (int) (page + frame)));
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, png);
        assertThat(SCREENSHOT).exists();
        byte[] head = new byte[PNG_SIGNATURE.length];
        System.arraycopy(Files.readAllBytes(SCREENSHOT), 0, head, 0, head.length);
        assertThat(head).as("a PNG").isEqualTo(PNG_SIGNATURE);
        if (Boolean.getBoolean(DOCS)) {
            Files.copy(SCREENSHOT, Path.of("..", "docs", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String page(RunningGateway gateway) {
        return "http://127.0.0.1:" + gateway.adminPort() + "/";
    }

    /** Runs the project's install script: it does nothing where both are on the PATH. */
    private static void ensureChromium() throws Exception {
        Path script = Path.of("..", "deploy", "scripts", "ensure-chromium.sh")
                .toAbsolutePath()
                .normalize();
        Process install = new ProcessBuilder(List.of("bash", script.toString()))
                .redirectErrorStream(true)
                .start();
        // through System.out, not the inherited descriptors, which would corrupt failsafe's channel to this JVM
        try (BufferedReader output = install.inputReader()) {
            output.lines().forEach(System.out::println);
        }
        assertThat(install.waitFor(10, TimeUnit.MINUTES))
                .as("the install finished")
                .isTrue();
        assertThat(install.exitValue())
                .as("%s installed chromium and chromedriver (see its message above)", script)
                .isZero();
    }

    private static File onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, command);
            if (candidate.canExecute()) {
                return candidate;
            }
        }
        throw new IllegalStateException(command + " is not on the PATH");
    }
}
