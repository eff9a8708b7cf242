package dev.zaiko.app.ops;

import dev.zaiko.app.AdjustResult;
import dev.zaiko.app.StockAdjustments;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.StockAdjustment;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.Validation;
import dev.zaiko.domain.port.StockLedger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sku,quantity[,safety_stock][,jan]}: {@code N} sets a SKU's available count (and creates the
 * SKU), {@code +N} / {@code -N} add to or take from an existing one. The whole file is checked
 * against the ledger first; one error and nothing is written. Each row is then applied through the
 * ledger service, journaled as {@code csv:<file>:<line>}, and pushed to every mall that lists it.
 *
 * <p>Checked and applied are a moment apart: an order can take stock in between, so a subtraction
 * that no longer fits is reported for its line (never clipped), and the other rows stand.
 */
public final class StockImportService {
    public static final List<String> REQUIRED = List.of("sku", "quantity");
    public static final List<String> OPTIONAL = List.of("safety_stock", "jan");
    private static final Pattern QUANTITY = Pattern.compile("([+-]?)(\\d{1,12})");

    public enum Kind { SET, ADD, SUBTRACT }

    /** One valid row. */
    public record Change(int line, String sku, Kind kind, long quantity, Optional<Long> safetyStock,
                         Optional<String> jan) {
    }

    /**
     * @param errors  every problem found; when not empty nothing was written
     * @param failed  rows that were valid but could not be applied (the ledger changed in between)
     */
    public record Result(String file, int rows, boolean dryRun, List<LineError> errors, int created, int changed,
                         int unchanged, List<LineError> failed) {
        public boolean applied() {
            return errors.isEmpty() && !dryRun;
        }
    }

    private final StockAdjustments adjustments;
    private final StockLedger store;
    private final int parallelism;

    public StockImportService(StockAdjustments adjustments, StockLedger store, int parallelism) {
        this.adjustments = adjustments;
        this.store = store;
        this.parallelism = parallelism;
    }

    public Result importCsv(String fileName, byte[] csv, boolean dryRun, Progress progress) {
        String file = Parallel.fileLabel(fileName);
        CsvTable table = CsvTable.parse(csv, REQUIRED, OPTIONAL);
        List<LineError> errors = new ArrayList<>(table.errors());
        List<Change> changes = validate(table, errors, progress);
        errors.sort(null);
        if (!errors.isEmpty() || dryRun) {
            return new Result(file, table.rows().size(), dryRun, errors, 0, 0, 0, List.of());
        }
        record Outcome(int created, int changed, Optional<LineError> failure) {
        }
        List<Outcome> outcomes = Parallel.map(changes, parallelism, "apply", progress, change -> {
            try {
                ChangeSource source = ChangeSource.csv(file, change.line());
                AdjustResult result = switch (change.kind()) {
                    case SET -> adjustments.define(change.sku(), change.quantity(), change.safetyStock(), change.jan(),
                            Optional.empty(), source);
                    case ADD, SUBTRACT -> {
                        AdjustResult moved = adjustments.adjust(change.sku(), change.kind() == Kind.ADD
                                ? new StockAdjustment.Add(change.quantity())
                                : new StockAdjustment.Subtract(change.quantity()), source);
                        if (change.safetyStock().isPresent()) {
                            moved = new AdjustResult(moved.before(), adjustments.adjust(change.sku(),
                                    new StockAdjustment.SetSafetyStock(change.safetyStock().get()), source).after());
                        }
                        yield moved;
                    }
                };
                return new Outcome(result.before().isEmpty() ? 1 : 0,
                        result.before().isPresent() && result.changed() ? 1 : 0, Optional.empty());
            } catch (RuntimeException e) {
                return new Outcome(0, 0, Optional.of(new LineError(change.line(), "not applied: " + e.getMessage())));
            }
        });
        int created = outcomes.stream().mapToInt(Outcome::created).sum();
        int changed = outcomes.stream().mapToInt(Outcome::changed).sum();
        List<LineError> failed = outcomes.stream().flatMap(o -> o.failure().stream()).sorted().toList();
        return new Result(file, table.rows().size(), false, List.of(), created, changed,
                changes.size() - created - changed - failed.size(), failed);
    }

    private List<Change> validate(CsvTable table, List<LineError> errors, Progress progress) {
        List<Change> changes = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        int checked = 0;
        for (CsvTable.Row row : table.rows()) {
            progress.update("validate", ++checked, table.rows().size());
            int line = row.line();
            String sku = row.get("sku");
            boolean ok = true;
            if (sku.isEmpty()) {
                errors.add(LineError.of(line, "SKU_EMPTY", "sku is empty"));
                ok = false;
            } else {
                try {
                    Validation.sku(sku);
                } catch (IllegalArgumentException e) {
                    errors.add(new LineError(line, e.getMessage()));
                    ok = false;
                }
                Integer earlier = firstLine.putIfAbsent(sku, line);
                if (earlier != null) {
                    errors.add(LineError.of(line, "SKU_REPEATED", "sku " + sku + " repeats line " + earlier
                            + " (give each SKU one row)", "sku", sku, "earlier", earlier));
                    ok = false;
                }
            }
            String quantityText = row.get("quantity");
            Matcher quantity = QUANTITY.matcher(quantityText);
            Kind kind = Kind.SET;
            long amount = 0;
            if (!quantity.matches()) {
                errors.add(LineError.of(line, "BAD_QUANTITY", "quantity must be a whole number N, +N or -N (got \""
                        + quantityText + "\")", "value", quantityText));
                ok = false;
            } else {
                kind = switch (quantity.group(1)) {
                    case "+" -> Kind.ADD;
                    case "-" -> Kind.SUBTRACT;
                    default -> Kind.SET;
                };
                amount = Long.parseLong(quantity.group(2));
                if (amount > Validation.MAX_STOCK) {
                    errors.add(LineError.of(line, "QUANTITY_TOO_LARGE", "quantity " + quantityText + " is above " + Validation.MAX_STOCK,
                            "value", quantityText, "max", Validation.MAX_STOCK));
                    ok = false;
                }
            }
            Optional<Long> safety = Optional.empty();
            String safetyText = row.get("safety_stock");
            if (!safetyText.isEmpty()) {
                if (!safetyText.matches("\\d{1,12}") || Long.parseLong(safetyText) > Validation.MAX_STOCK) {
                    errors.add(LineError.of(line, "BAD_SAFETY_STOCK", "safety_stock must be a whole number from 0 to "
                            + Validation.MAX_STOCK + " (got \"" + safetyText + "\")", "value", safetyText, "max", Validation.MAX_STOCK));
                    ok = false;
                } else {
                    safety = Optional.of(Long.parseLong(safetyText));
                }
            }
            Optional<String> jan = Optional.empty();
            String janText = row.get("jan");
            if (!janText.isEmpty()) {
                Optional<String> problem = Jan.problem(janText);
                if (problem.isPresent()) {
                    errors.add(new LineError(line, problem.get()));
                    ok = false;
                } else {
                    jan = Optional.of(janText);
                }
            }
            if (ok) {
                changes.add(new Change(line, sku, kind, amount, safety, jan));
            }
        }
        Set<String> skus = new LinkedHashSet<>();
        changes.forEach(c -> skus.add(c.sku()));
        Map<String, StockLevel> current = skus.isEmpty() ? Map.of() : store.readStock(skus);
        List<Change> valid = new ArrayList<>();
        for (Change change : changes) {
            StockLevel level = current.get(change.sku());
            String signed = (change.kind() == Kind.ADD ? "+" : "-") + change.quantity();
            if (change.kind() != Kind.SET && level == null) {
                errors.add(LineError.of(change.line(), "UNKNOWN_SKU_RELATIVE", "unknown sku " + change.sku() + ": " + signed
                        + " needs an existing SKU (an absolute quantity creates one)", "sku", change.sku(), "change", signed));
                continue;
            }
            if (change.kind() == Kind.SUBTRACT && change.quantity() > level.available()) {
                errors.add(LineError.of(change.line(), "SUBTRACT_BELOW_ZERO", "cannot subtract " + change.quantity() + " from "
                        + change.sku() + ": only " + level.available() + " available", "sku", change.sku(),
                        "quantity", change.quantity(), "available", level.available()));
                continue;
            }
            if (change.kind() == Kind.ADD && level.available() + change.quantity() > Validation.MAX_STOCK) {
                errors.add(LineError.of(change.line(), "ADD_ABOVE_MAX", "adding " + change.quantity() + " to " + change.sku()
                        + " would exceed " + Validation.MAX_STOCK, "sku", change.sku(), "quantity", change.quantity(),
                        "max", Validation.MAX_STOCK));
                continue;
            }
            if (change.kind() != Kind.SET && change.jan().isPresent() && !change.jan().equals(level.jan())) {
                errors.add(new LineError(change.line(), "jan can only be changed on a row with an absolute quantity"
                        + " (this row says " + signed + ")"));
                continue;
            }
            valid.add(change);
        }
        return valid;
    }
}
