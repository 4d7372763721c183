package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.cycler.core.BadInputException;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.recipe.io.YamlNodes;
import org.cycler.core.store.CellRoster;
import org.cycler.station.http.StationClient;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cycler submit RECIPE --station URL --device NAME --channels LIST}: queues a job on a station. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Queue a recipe on channels of a station's device. The recipe is validated here first.",
            "Prints 'JOB_ID RUN_DIR' on one line; the job starts as soon as its channels are free."})
final class SubmitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StationOptions station;

    @Parameters(index = "0", paramLabel = "RECIPE", description = "Recipe file (YAML).")
    Path recipeFile;

    @Option(names = "--device", paramLabel = "NAME", required = true, description = "A device of the station.")
    String device;

    @Option(names = "--channels", paramLabel = "LIST", required = true, description = "Channels, e.g. 1-4,7.")
    String channels;

    @Option(names = "--cells", paramLabel = "FILE", description = "Barcodes: a cells file as 'cycler run --cells' takes.")
    Path cellsFile;

    @Option(names = "--lot", paramLabel = "L", description = "The cells' lot.")
    String lot;

    @Option(names = "--operator", paramLabel = "NAME", description = "Who runs the job (default: the token's name).")
    String operator;

    @Override
    public Integer call() throws Exception {
        String text = YamlNodes.readFile(recipeFile, RecipeParser.MAX_FILE_BYTES, "recipe too large");
        RecipeParser.parse(text, recipeFile.toString());
        int[] list = StatusCommand.channels(channels);
        StationClient client = station.client();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("recipe", text);
        request.put("recipe_file", recipeFile.getFileName().toString());
        request.put("device", device);
        request.put("channels", list);
        if (cellsFile != null) {
            int count = 0;
            for (JsonNode d : client.devices()) {
                if (d.path("name").asText().equals(device)) {
                    count = d.path("channels").asInt();
                }
            }
            if (count == 0) {
                throw new BadInputException("--device " + device + ": the station has no such device");
            }
            CellRoster roster = CellRoster.read(cellsFile, count);
            Map<Integer, String> barcodes = new TreeMap<>();
            for (int channel : list) {
                String barcode = roster.barcodes().get(channel);
                if (barcode != null) {
                    barcodes.put(channel, barcode);
                }
            }
            request.put("barcodes", barcodes);
        }
        if (lot != null) {
            request.put("lot", lot);
        }
        if (operator != null) {
            request.put("operator", operator);
        }
        JsonNode job = client.submit(request);
        PrintWriter out = spec.commandLine().getOut();
        out.println(job.path("id").asText() + " " + job.path("run_dir").asText());
        out.flush();
        return 0;
    }
}
