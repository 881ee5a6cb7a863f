package io.provenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The README's quick start is exactly two commands, CI runs exactly the second, and the first exists and runs
 * the packaged app that PackagedAppIT starts. (PackagedAppIT checks what that app does.)
 */
class QuickStartCommandsTest {

    private static List<String> quickStartCommands() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher section = Pattern.compile("## Quick start.*?```bash\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(section.find(), "README.md has a Quick start section with a bash block");
        return section.group(1).lines().map(line -> line.replaceAll("#.*", "").strip()).filter(line -> !line.isEmpty()).toList();
    }

    @Test
    void theReadmeHasTwoCommandsAndCiRunsTheSecond() throws Exception {
        List<String> commands = quickStartCommands();
        assertEquals(List.of("bin/provenant", "./mvnw -B verify"), commands);
        List<String> ci = Files.readAllLines(Path.of(".ci", "run")).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertEquals(commands.get(1), ci.get(ci.size() - 1), ".ci/run ends with the README's test command");
        assertTrue(ci.stream().noneMatch(line -> line.contains("-DskipTests") || line.contains("-Dtest=")), "CI runs every test");
    }

    @Test
    void theStartCommandBuildsAndRunsThePackagedApp() throws Exception {
        Path start = Path.of("bin", "provenant");
        assertTrue(Files.isExecutable(start), "bin/provenant is executable");
        assertTrue(Files.isExecutable(Path.of("mvnw")), "the Maven wrapper is executable");
        assertTrue(Files.isExecutable(Path.of(".ci", "run")), ".ci/run is executable");
        String script = Files.readString(start);
        assertTrue(script.contains("./mvnw -B -q -DskipTests package"), "builds with the wrapper");
        assertTrue(script.contains("exec java") && script.contains("target/quarkus-app/quarkus-run.jar"),
                "execs the packaged app (so Ctrl-C and SIGTERM reach it directly)");
    }
}
