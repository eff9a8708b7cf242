package dev.zaiko.app.ops;

/** JAN codes (EAN-13 or the short EAN-8), check digit included, as printed under a barcode. */
public final class Jan {
    private Jan() {
    }

    /** Empty when valid, else why not (for a message). */
    public static java.util.Optional<String> problem(String jan) {
        if (!jan.matches("\\d{8}|\\d{13}")) {
            return java.util.Optional.of("jan must be 13 (or 8) digits (got \"" + jan + "\")");
        }
        int sum = 0;
        int digits = jan.length();
        for (int i = 0; i < digits - 1; i++) {
            int d = jan.charAt(i) - '0';
            // weights 3,1,3,1... counted from the digit next to the check digit
            sum += ((digits - 1 - i) % 2 == 1) ? d * 3 : d;
        }
        int check = (10 - sum % 10) % 10;
        if (check != jan.charAt(digits - 1) - '0') {
            return java.util.Optional.of("jan " + jan + " has a wrong check digit (expected " + check + ")");
        }
        return java.util.Optional.empty();
    }
}
