package org.cycler.cli;

import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.cycler.core.BadInputException;
import org.cycler.core.auth.Tokens;
import org.cycler.station.Station;
import org.cycler.station.config.StationConfig;
import org.cycler.station.config.StationConfigParser;
import org.cycler.station.http.StationApi;
import org.cycler.station.http.StationRole;
import org.cycler.station.web.WebView;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cycler station CONFIG.yaml}: the station service in the foreground (docs/station.md). */
@Command(name = "station", mixinStandardHelpOptions = true,
        description = {"Run a station: own the devices of CONFIG, queue and run jobs on their channels, serve the "
            + "API (docs/station.md). Foreground; logs to stderr; SIGTERM or Ctrl-C turns every output off and exits.",
            "The first line on stdout is 'station ready on http://HOST:PORT'."})
final class StationCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Station config (YAML).")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        StationConfig config = StationConfigParser.read(configFile);
        Tokens<StationRole> tokens = Tokens.read(config.tokens(), StationRole.class);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        tokens.warnings().forEach(w -> log(err, "warning: " + w));
        InetAddress address;
        try {
            address = InetAddress.getByName(config.bind());
        } catch (UnknownHostException e) {
            throw new BadInputException(configFile + ": http bind " + config.bind() + ": unknown address", e);
        }
        String planned = "http://" + config.bind() + ":" + config.port();
        Station station = Station.open(config, planned, line -> log(err, line));
        StationApi api;
        try {
            api = WebView.serve(station, tokens, new InetSocketAddress(address, config.port()), line -> log(err, line));
        } catch (BindException e) {
            station.close();
            throw new BadInputException(configFile + ": http port " + config.port() + " on " + config.bind() + ": "
                    + e.getMessage(), e);
        } catch (BadInputException | RuntimeException e) {
            station.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log(err, "station stopping: every output off");
            api.close();
            station.close();
            log(err, "station stopped");
            stopped.countDown();
            // a stop asked for and done is a clean end: exit 0, not the JVM's 143 for SIGTERM, so
            // that systemd and scripts see success
            Runtime.getRuntime().halt(0);
        }, "station-stop"));
        InetSocketAddress bound = api.address();
        out.printf(Locale.ROOT, "station ready on http://%s:%d%n", bound.getAddress().getHostAddress(), bound.getPort());
        out.flush();
        stopped.await();
        return 0;
    }

    private static void log(PrintWriter err, String line) {
        synchronized (err) {
            err.println(line);
            err.flush();
        }
    }
}
