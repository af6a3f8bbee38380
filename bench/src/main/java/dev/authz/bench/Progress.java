package dev.authz.bench;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Timestamped progress lines on stdout. */
public final class Progress {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Progress() {
    }

    public static void say(String message) {
        System.out.println(LocalTime.now().format(TIME) + "  " + message);
        System.out.flush();
    }

    public static String duration(double seconds) {
        if (Double.isInfinite(seconds) || Double.isNaN(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? "%dh%02dm%02ds".formatted(s / 3600, s % 3600 / 60, s % 60)
                : s >= 60 ? "%dm%02ds".formatted(s / 60, s % 60) : s + "s";
    }
}
