package dev.authz.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A PNG of measured values against their limits: one horizontal bar per target, its length the measured value as a
 * share of the limit (the dashed line is the limit), green when met, red when not. Drawn with java.awt (headless),
 * so the benchmark needs no plotting tool.
 */
public final class TargetsChart {
    private static final int ROW = 46;
    private static final int TOP = 64;
    /** Room right of the bars for the "measured of limit (bar cut)" text. */
    private static final int VALUE_AREA = 220;
    private static final int BAR_AREA = 440;
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    /** Bars are drawn up to twice the limit; longer ones are cut and marked. */
    private static final double SCALE_MAX = 2.0;

    private TargetsChart() {
    }

    /**
     * Re-draws the chart of a recorded result: {@code java -jar bench/target/bench.jar --chart
     * bench/results/<file>.json} writes {@code <file>.png} next to it (e.g. after a change to the drawing).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: TargetsChart <result>.json");
            System.exit(2);
        }
        Path json = Path.of(args[0]);
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        List<ScenarioResult.Target> targets = new ArrayList<>();
        result.path("targets").forEach(target -> targets.add(new ScenarioResult.Target(target.path("name").asText(),
                target.path("measured").asDouble(), target.path("limit").asDouble(), target.path("unit").asText())));
        String file = json.getFileName().toString();
        String stamp = file.substring(0, Math.min("yyyyMMdd-HHmmss".length(), file.length()));
        Path png = pngBeside(json);
        write(targets, title(result.path("scenario").asText(), stamp, result.path("runId").asText()), png);
        System.out.println(png);
    }

    /** The chart's title: scenario, start time as in the result's file name, run id. */
    static String title(String scenario, String stamp, Object runId) {
        return scenario + " " + stamp + " (" + runId + ")";
    }

    /** Where a result's chart goes: beside its JSON, same name. */
    static Path pngBeside(Path json) {
        return json.resolveSibling(json.getFileName().toString().replace(".json", ".png"));
    }

    public static void write(List<ScenarioResult.Target> targets, String title, Path png) {
        int height = TOP + targets.size() * ROW + 40;
        // the label column is as wide as the longest name, so names that differ only at the end stay apart
        int labelX = 16 + 16 + widestName(targets);
        int width = labelX + BAR_AREA + VALUE_AREA;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 16, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("bar = measured / limit; dashed line = the limit", 16, 48);
        int limitX = labelX + (int) (BAR_AREA / SCALE_MAX);
        for (int i = 0; i < targets.size(); i++) {
            ScenarioResult.Target target = targets.get(i);
            int y = TOP + i * ROW;
            double share = target.limit() <= 0 ? 0 : target.measured() / target.limit();
            int length = (int) (Math.min(share, SCALE_MAX) / SCALE_MAX * BAR_AREA);
            g.setColor(Color.DARK_GRAY);
            g.setFont(LABEL_FONT);
            g.drawString(target.name(), 16, y + 22);
            g.setColor(target.met() ? new Color(0x2e7d32) : new Color(0xc62828));
            g.fillRect(labelX, y + 8, Math.max(length, 2), 20);
            g.setColor(Color.DARK_GRAY);
            String value = "%s of %s %s%s".formatted(number(target.measured()), number(target.limit()), target.unit(),
                    share > SCALE_MAX ? " (bar cut)" : "");
            g.drawString(value, labelX + Math.min(Math.max(length, 2), BAR_AREA) + 8, y + 22);
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
        g.drawLine(limitX, TOP - 4, limitX, TOP + targets.size() * ROW);
        g.dispose();
        try {
            ImageIO.write(image, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Width of the longest target name in the label font (measured before the image, whose width depends on it). */
    private static int widestName(List<ScenarioResult.Target> targets) {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            FontMetrics metrics = g.getFontMetrics(LABEL_FONT);
            return targets.stream().mapToInt(target -> metrics.stringWidth(target.name())).max().orElse(200);
        } finally {
            g.dispose();
        }
    }

    private static String number(double value) {
        return value >= 100 || value == Math.rint(value) ? String.format("%.0f", value) : String.format("%.1f", value);
    }
}
