package dev.checkpointstore.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What a benchmark figure depends on: the machine, the disk, the JDK, and how busy the machine
 * was. The load average is read before and after a run, so a figure taken on a loaded machine
 * says so.
 *
 * @param processors available processors
 * @param cpuModel the CPU model from {@code /proc/cpuinfo}
 * @param fileSystem the type of the file system the benchmark state lives on
 * @param kernel the OS name and version
 * @param jdk the JVM's name and version
 * @param date when the reading was taken, UTC
 * @param loadAverage the 1, 5 and 15 minute load averages, from {@code /proc/loadavg}
 */
public record MachineInfo(int processors, String cpuModel, String fileSystem, String kernel, String jdk, String date,
        String loadAverage) {

    /**
     * Reads the machine now.
     * @param stateDir where the benchmark state lives
     * @return the reading
     */
    public static MachineInfo read(Path stateDir) {
        String fileSystem;
        try {
            fileSystem = Files.getFileStore(stateDir).type();
        }
        catch (IOException ex) {
            fileSystem = "unknown (" + ex.getMessage() + ")";
        }
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), readCpuModel(), fileSystem,
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), currentLoadAverage());
    }

    /**
     * The load averages now.
     * @return {@code "1m 5m 15m"}, or {@code unknown}
     */
    public static String currentLoadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        }
        catch (IOException | ArrayIndexOutOfBoundsException ex) {
            return "unknown";
        }
    }

    private static String readCpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8);
            for (String line : lines) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (IOException ex) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }
}
