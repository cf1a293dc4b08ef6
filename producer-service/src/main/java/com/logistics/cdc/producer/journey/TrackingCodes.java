package com.logistics.cdc.producer.journey;

/**
 * Tracking codes in the UPU S10 format the Brazilian post uses (e.g. {@code JT123456785BR}): two service
 * letters, an 8-digit serial, a check digit, the country. The serial is the row id scrambled by a bijection
 * of 0..99,999,999, so codes look random yet never collide (up to 100 million packages).
 */
public final class TrackingCodes {

    private static final String[] SERVICES = {"AA", "JT", "LB", "NX", "OA", "PM", "QB", "SS", "TE", "OV"};
    private static final int[] WEIGHTS = {8, 6, 4, 2, 3, 5, 9, 7};
    private static final long SCRAMBLE = 37_493_621L; // odd and not a multiple of 5: invertible modulo 10^8

    private TrackingCodes() {
    }

    public static String of(long id) {
        int serial = (int) Math.floorMod(Math.floorMod(id, 100_000_000L) * SCRAMBLE, 100_000_000L);
        String digits = String.format("%08d", serial);
        return SERVICES[(int) Math.floorMod(id / 100_000_000L + serial, SERVICES.length)] + digits + checkDigit(digits) + "BR";
    }

    static int checkDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (digits.charAt(i) - '0') * WEIGHTS[i];
        }
        int check = 11 - sum % 11;
        return check == 10 ? 0 : check == 11 ? 5 : check;
    }
}
