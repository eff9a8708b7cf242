package dev.zaiko.deployconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * FBA stock and multi-channel fulfilment (docs/fba.md), the {@code fba} object of the config. When
 * {@link #enabled}, every amazon channel gets an FBA sync function on a 15-minute schedule, and its
 * SP-API notification consumer applies FBA_INVENTORY_AVAILABILITY_CHANGES with the same settings.
 *
 * @param enabled          deploy the FBA sync (off by default: it writes {@code available} of
 *                         FBA-sourced SKUs, which a seller must opt into)
 * @param mcf              create MCF orders for claims ({@code FBA_MCF_ENABLED})
 * @param mcfAddress       where MCF orders are addressed ({@code FBA_MCF_ADDRESS}); required with {@code mcf}
 * @param mcfAction        {@code Hold} (Amazon reserves, the seller releases) or {@code Ship}
 * @param mcfShippingSpeed {@code Standard}, {@code Expedited} or {@code Priority}
 * @param settleMinutes    {@code FBA_SETTLE_MINUTES}
 * @param maxHoldHours     {@code FBA_MAX_HOLD_HOURS}
 */
public record FbaConfig(boolean enabled, boolean mcf, Optional<McfAddress> mcfAddress, String mcfAction,
                        String mcfShippingSpeed, int settleMinutes, int maxHoldHours) {
    public static final List<String> MCF_ACTIONS = List.of("Hold", "Ship");
    public static final List<String> MCF_SHIPPING_SPEEDS = List.of("Standard", "Expedited", "Priority");
    public static final int DEFAULT_SETTLE_MINUTES = 15;
    public static final int MAX_SETTLE_MINUTES = 1440;
    public static final int DEFAULT_MAX_HOLD_HOURS = 48;
    /** Amazon cancels a held MCF order after 14 days; a claim counting longer than that makes no sense. */
    public static final int MAX_MAX_HOLD_HOURS = 336;
    public static final FbaConfig DISABLED = new FbaConfig(false, false, Optional.empty(), "Hold", "Standard",
            DEFAULT_SETTLE_MINUTES, DEFAULT_MAX_HOLD_HOURS);

    public FbaConfig {
        Objects.requireNonNull(mcfAddress, "mcfAddress");
        if (!MCF_ACTIONS.contains(mcfAction)) {
            throw new IllegalArgumentException("mcfAction must be one of " + MCF_ACTIONS + ": " + mcfAction);
        }
        if (!MCF_SHIPPING_SPEEDS.contains(mcfShippingSpeed)) {
            throw new IllegalArgumentException("mcfShippingSpeed must be one of " + MCF_SHIPPING_SPEEDS + ": "
                    + mcfShippingSpeed);
        }
        if (mcf && mcfAddress.isEmpty()) {
            throw new IllegalArgumentException("mcf needs an mcfAddress");
        }
        if (settleMinutes < 1 || settleMinutes > MAX_SETTLE_MINUTES) {
            throw new IllegalArgumentException("settleMinutes out of range: " + settleMinutes);
        }
        if (maxHoldHours < 1 || maxHoldHours > MAX_MAX_HOLD_HOURS) {
            throw new IllegalArgumentException("maxHoldHours out of range: " + maxHoldHours);
        }
    }

    /**
     * The address MCF orders go to, as {@code FbaSyncHandler} reads it from {@code FBA_MCF_ADDRESS}.
     * Field limits are the handler's ({@code FulfillmentOrders.Address}).
     */
    public record McfAddress(String name, String addressLine1, Optional<String> addressLine2,
                             Optional<String> stateOrRegion, String postalCode, String countryCode,
                             Optional<String> phone) {
        public static final int MAX_NAME = 200;
        public static final int MAX_ADDRESS_LINE = 200;
        public static final int MAX_POSTAL_CODE = 20;
        private static final ObjectMapper MAPPER = new ObjectMapper();

        public McfAddress {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(addressLine1, "addressLine1");
            Objects.requireNonNull(addressLine2, "addressLine2");
            Objects.requireNonNull(stateOrRegion, "stateOrRegion");
            Objects.requireNonNull(postalCode, "postalCode");
            Objects.requireNonNull(countryCode, "countryCode");
            Objects.requireNonNull(phone, "phone");
        }

        /** One-line JSON, fields in a fixed order (the environment, and so the version hash, stays stable). */
        public String toJson() {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("name", name);
            fields.put("addressLine1", addressLine1);
            addressLine2.ifPresent(v -> fields.put("addressLine2", v));
            stateOrRegion.ifPresent(v -> fields.put("stateOrRegion", v));
            fields.put("postalCode", postalCode);
            fields.put("countryCode", countryCode);
            phone.ifPresent(v -> fields.put("phone", v));
            try {
                return MAPPER.writeValueAsString(fields);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
