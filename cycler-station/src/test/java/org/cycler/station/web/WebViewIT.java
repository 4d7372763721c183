package org.cycler.station.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cycler.core.auth.Tokens;
import org.cycler.core.run.Speed;
import org.cycler.core.schedule.ChannelState;
import org.cycler.core.schedule.ChannelView;
import org.cycler.hal.sim.AccuracyClass;
import org.cycler.hal.sim.Chemistry;
import org.cycler.station.Station;
import org.cycler.station.config.StationConfig;
import org.cycler.station.http.StationApi;
import org.cycler.station.http.StationRole;
import org.cycler.station.jobs.Job;
import org.cycler.station.jobs.JobState;
import org.cycler.station.jobs.Submission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web view in a real browser: Debian's headless Chromium driven by Selenium against a station
 * in this process on a simulated device. One browser session serves every test, in order.
 * Screenshots go to {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebViewIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** What the issue asks of the page: a channel's change shows on its tile within this. */
    private static final Duration LIVE_WITHIN = Duration.ofSeconds(2);
    /** How long a step that waits on the station (a job's end, a page load) may take on a busy machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String OPERATOR = "operator-0123456789abcdef";
    private static final String READER = "read-0123456789abcdef-wall";
    private static final String LONG = """
            recipe: long charge
            cell: {nominal_capacity: 5 Ah, chemistry: NMC}
            logging: {period: 5 s}
            steps:
              - Rest for 2 minutes
              - Charge at 0.1C for 10 hours
            """;
    private static final String SHORT = """
            recipe: short rest
            cell: {nominal_capacity: 5 Ah, chemistry: NMC}
            steps:
              - Rest for 20 seconds
            """;

    @TempDir
    static Path temp;
    private static Station station;
    private static StationApi api;
    private static ChromeDriver browser;
    private static String url;
    private static Job running;
    private static Path screenshots;

    @BeforeAll
    static void startStationAndBrowser() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String why = "the web view's browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian packages chromium and chromium-driver; bin/install-test-tools.sh installs them)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        Path tokens = temp.resolve("tokens");
        Files.writeString(tokens, OPERATOR + " operator alice\n" + READER + " read wall\n");
        Path recipes = Files.createDirectories(temp.resolve("recipes"));
        Files.writeString(recipes.resolve("short-rest.yaml"), SHORT);
        Files.writeString(recipes.resolve("broken.yaml"), "recipe: broken\nsteps:\n  - Fly to the moon\n");
        StationConfig config = new StationConfig(temp.resolve("station.yaml"), temp.resolve("data"), "127.0.0.1", 0,
                tokens, List.of(new StationConfig.Simulated("rack", 8, 5, Chemistry.NMC, new Speed.Factor(20),
                Duration.ofSeconds(1), AccuracyClass.CABINET)), Optional.of(recipes));
        station = Station.open(config, "test", line -> { });
        api = WebView.serve(station, Tokens.read(tokens, StationRole.class), new InetSocketAddress("127.0.0.1", 0),
                line -> { });
        url = "http://127.0.0.1:" + api.address().getPort() + "/";
        running = station.submit(new Submission(LONG, "long.yaml", "rack", new int[] {1, 2, 3, 4}, Map.of(1, "C<b>-001"),
                "L1", ""), "alice");

        screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createDirectories(temp.resolve("chromium")));
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (api != null) {
            api.close();
        }
        if (station != null) {
            station.close();
        }
    }

    private static WebDriverWait waiting(Duration d) {
        WebDriverWait wait = new WebDriverWait(browser, d, Duration.ofMillis(50));
        wait.withMessage(WebViewIT::page);
        return wait;
    }

    /** What the page said and shows, for a failure's message. */
    private static String page() {
        StringBuilder out = new StringBuilder("event stream: ");
        out.append(browser.findElement(By.id("link")).getText()).append("; console:");
        browser.manage().logs().get(LogType.BROWSER).forEach(e -> out.append("\n  ").append(e.getMessage()));
        return out.toString();
    }

    private static void logIn(String token) {
        browser.get(url);
        browser.executeScript("sessionStorage.clear()");
        browser.get(url);
        waiting(PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(token);
        browser.findElement(By.id("login-button")).click();
        waiting(PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(By.id("tray")));
    }

    private static WebElement tile(int channel) {
        return browser.findElement(By.id("tile-rack-" + channel));
    }

    private static void tab(String view) {
        browser.findElement(By.cssSelector(".tab[data-view='" + view + "']")).click();
        waiting(PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(By.id(view)));
    }

    private static void screenshot(String name) throws Exception {
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshots.resolve(name),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static ChannelState stateOf(int channel) {
        return station.progress(running.id()).orElseThrow().channels().stream().filter(c -> c.channel() == channel)
                .map(ChannelView::state).findFirst().orElseThrow();
    }

    private static int post(String token, String path, String csrf) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "api/v1/" + path))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    @Test
    @Order(1)
    void thePageLoadsWithNoConsoleErrorsAndShowsEveryChannelLive() throws Exception {
        logIn(OPERATOR);
        assertEquals(8, browser.findElements(By.cssSelector("#tray .tile")).size());
        waiting(PATIENCE).until(d -> tile(1).getAttribute("class").contains("rest")
                || tile(1).getAttribute("class").contains("charge"));
        assertEquals("C<b>-001", tile(1).findElement(By.className("barcode")).getText(),
                "a barcode is text, never markup");
        assertTrue(tile(8).getAttribute("class").contains("idle"));
        waiting(PATIENCE).until(d -> tile(1).getAttribute("class").contains("charge"));
        screenshot("tray.png");
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()).toList();
        assertEquals(List.of(), errors.stream().map(LogEntry::getMessage).toList());
    }

    @Test
    @Order(2)
    void aTileChangesStateWithinTwoSecondsOfItsChannel() throws Exception {
        station.steer(running.id(), org.cycler.core.schedule.OperatorAction.Kind.PAUSE, new int[] {2}, "alice");
        waiting(LIVE_WITHIN).until(d -> tile(2).getAttribute("class").contains("paused"));
        station.steer(running.id(), org.cycler.core.schedule.OperatorAction.Kind.RESUME, new int[] {2}, "alice");
        waiting(LIVE_WITHIN).until(d -> !tile(2).getAttribute("class").contains("paused"));
    }

    @Test
    @Order(3)
    void pauseFromThePagePausesTheChannel() {
        tab("jobs");
        WebElement row = waiting(PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(
                By.id("job-" + running.id())));
        row.findElement(By.className("steer-channels")).sendKeys("3");
        row.findElement(By.className("steer-pause")).click();
        waiting(PATIENCE).until(ExpectedConditions.alertIsPresent()).accept();
        waiting(PATIENCE).until(d -> stateOf(3) == ChannelState.PAUSED);
        assertEquals(ChannelState.RUNNING, stateOf(4), "only the chosen channel pauses");
        tab("tray");
        waiting(PATIENCE).until(d -> tile(3).getAttribute("class").contains("paused"));
    }

    @Test
    @Order(4)
    void theChannelViewChartsTheRunAndOffersItsData() throws Exception {
        tile(1).click();
        waiting(PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#chart .uplot canvas")));
        assertTrue(browser.findElement(By.id("channel-status")).getText().contains("cell C<b>-001"));
        assertTrue(browser.findElement(By.id("channel-download")).isDisplayed());
        waiting(PATIENCE).until(d -> ((Number) browser.executeScript(
                "return state.open && state.open.data[0].length")).intValue() > 20);
        browser.executeScript("state.open.plot.setData(state.open.data)");
        screenshot("channel.png");
    }

    @Test
    @Order(5)
    void aJobSubmittedFromTheRecipesFolderIsCheckedFirst() {
        tab("jobs");
        Select recipe = new Select(browser.findElement(By.id("submit-recipe")));
        recipe.selectByValue("broken.yaml");
        waiting(PATIENCE).until(ExpectedConditions.textToBePresentInElementLocated(By.id("submit-estimate"), "broken.yaml:3"));
        assertTrue(!browser.findElement(By.id("submit-button")).isEnabled(), "a recipe that does not parse is not offered");
        recipe.selectByValue("short-rest.yaml");
        waiting(PATIENCE).until(ExpectedConditions.textToBePresentInElementLocated(By.id("submit-estimate"), "about"));
        browser.findElement(By.cssSelector("#submit-channels input[value='8']")).click();
        browser.findElement(By.id("submit-button")).click();
        waiting(PATIENCE).until(ExpectedConditions.alertIsPresent()).accept();
        waiting(PATIENCE).until(ExpectedConditions.textToBePresentInElementLocated(By.id("submit-result"), "job"));
    }

    @Test
    @Order(6)
    void anAlarmAppearsAndIsAcknowledged() throws Exception {
        long job = station.jobs().stream().filter(j -> j.recipeName().equals("short rest")).findFirst().orElseThrow().id();
        tab("alarms");
        WebElement row = waiting(PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#alarms-table tr.open")));
        assertEquals("JOB_DONE", row.findElement(By.className("kind")).getText());
        assertEquals(JobState.DONE, station.job(job).state());
        row.findElement(By.className("ack-button")).click();
        waiting(PATIENCE).until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#alarms-table tr.open")));
        browser.findElement(By.id("alarms-all")).click();
        assertTrue(browser.findElement(By.cssSelector("#alarms-table tr.acked .ack")).getText().startsWith("alice at "));
    }

    @Test
    @Order(7)
    void aReadTokenSeesButCannotPause() throws Exception {
        logIn(READER);
        waiting(PATIENCE).until(d -> tile(1).getAttribute("class").contains("charge"));
        tab("jobs");
        waiting(PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(By.id("job-" + running.id())));
        assertEquals(0, browser.findElements(By.className("steer-pause")).size());
        assertTrue(!browser.findElement(By.id("submit-form")).isDisplayed());
        assertEquals(403, post(READER, "jobs/" + running.id() + "/pause", null));
        assertEquals(ChannelState.RUNNING, stateOf(1));
    }

    @Test
    @Order(8)
    void anOperatorPostWithoutItsCsrfTokenIsRefused() throws Exception {
        assertEquals(403, post(OPERATOR, "jobs/" + running.id() + "/pause", null));
        assertEquals(403, post(OPERATOR, "jobs/" + running.id() + "/pause", "forged"));
        assertEquals(ChannelState.RUNNING, stateOf(1));
    }
}
