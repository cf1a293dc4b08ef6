package com.logistics.cdc.stack.junit;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Random and boundary values for the services' fuzz tests: numbers of every spelling and range, texts with control
 * characters, path tricks and sizes past every limit, JSON objects with fields of every type and broken JSON. Drawn
 * from a {@link Random} the test seeds, so that a failure names its seed and repeats.
 */
public final class FuzzValues {

    private FuzzValues() {
    }

    private static final List<String> NUMBERS = List.of("", " ", "0", "1", "-1", "2", "1000000", "1000001",
            "2147483647", "2147483648", "-2147483648", "9223372036854775807", "9223372036854775808", "1e3", "1.0",
            "0x10", "+5", " 5 ", "٣", "５", "1_000", "NaN", "Infinity", "null", "true", "[]", "{}", "%00", "%", "%%",
            "5%00", "%FF", "%C0%80", "%2B5", "\u0000", "5\u0000", "\uD83D\uDCE6", "a".repeat(5000), "1".repeat(400));
    private static final List<String> TEXTS = List.of(" ", "JT", "JT000000001BR", "x".repeat(32), "x".repeat(33),
            "x".repeat(4000), "\u0000", "JT\u0000", "\t", "\n", "\u007f", "\u0085", "../../etc", "%", "%2F", "/",
            "'; DROP TABLE package_status; --", "\" OR 1=1", "\uD83D\uDCE6\uD83D\uDCE6", "\uFFFF", "\u202E", "é", "?", "#", ";");
    private static final List<String> ODD_FIELDS = List.of("", "__proto__", "$ref", "a".repeat(300));
    private static final List<Function<Random, String>> JSON_VALUES = List.of(
            r -> numberLiteral(pick(r, NUMBERS)),
            r -> Integer.toString(r.nextInt()), r -> Long.toString(r.nextLong()), r -> "1e400", r -> "-0", r -> "0.5",
            r -> "null", r -> "true", r -> "\"" + pick(r, TEXTS).replace("\\", "").replace("\"", "") + "\"",
            r -> "[1,2]", r -> "{\"a\":1}", r -> "1".repeat(30));

    /** A whole number's spelling, or not one: around 1 and {@code max}, far outside, and of every other shape. */
    public static String number(Random random, int max) {
        return switch (random.nextInt(5)) {
            case 0 -> Long.toString(random.nextLong() % 3_000_000);
            case 1 -> Integer.toString(random.nextInt(-5, 6));
            case 2 -> Integer.toString(max + random.nextInt(-2, 3));
            default -> pick(random, NUMBERS);
        };
    }

    /** A path segment or query value: codes of the right shape and length and past it, control characters, tricks. */
    public static String text(Random random) {
        if (random.nextInt(3) > 0) {
            return pick(random, TEXTS);
        }
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(40); i >= 0; i--) {
            text.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x20) : 0x20 + random.nextInt(0x2FF));
        }
        return text.toString();
    }

    /** JSON objects of {@code fields} and others, with values of every type; and broken JSON. */
    public static String json(Random random, List<String> fields) {
        int shape = random.nextInt(10);
        if (shape == 0) {
            return pick(random, List.of("", "{", "}", "[]", "null", "\"x\"", "{\"" + fields.getFirst() + "\":}", "{,}", "\u0000",
                    "{\"" + fields.getFirst() + "\":1,\"" + fields.getFirst() + "\":2}", "{\"a\":1}}", "[".repeat(3000), "{\"a\":" + "[".repeat(2000)));
        }
        StringBuilder json = new StringBuilder("{");
        for (int i = random.nextInt(4); i > 0; i--) {
            json.append('"').append((random.nextInt(4) == 0 ? pick(random, ODD_FIELDS) : pick(random, fields))).append("\":").append(pick(random, JSON_VALUES).apply(random));
            if (i > 1) {
                json.append(',');
            }
        }
        return json.append('}').toString();
    }

    /** The digits, signs, dots and exponents of {@code spelling}, as a JSON number; "1" when it has none. */
    private static String numberLiteral(String spelling) {
        String literal = spelling.replaceAll("[^0-9eE.+\\-]", "");
        return literal.isEmpty() ? "1" : literal;
    }

    /** The value as a failure message shows it: control characters escaped, long ones cut. */
    public static String printable(String value) {
        String shown = value.length() > 60 ? value.substring(0, 60) + "...(" + value.length() + " chars)" : value;
        StringBuilder out = new StringBuilder();
        shown.codePoints().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.toString();
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
