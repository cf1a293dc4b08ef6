package com.logistics.cdc.producer;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.Arrays;

/** The steps of a package's journey, in the only order they may happen. */
public enum Status {
    POSTED("Package Posted"),
    IN_TRANSIT("In Transit"),
    OUT_FOR_DELIVERY("Out for Delivery"),
    DELIVERED("Package Delivered");

    private final String label;

    Status(String label) {
        this.label = label;
    }

    /** The value stored in package_status.status and seen by customers. */
    public String label() {
        return label;
    }

    public static Status fromLabel(String label) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown status '" + label + "'"));
    }

    @Converter(autoApply = true)
    public static class LabelConverter implements AttributeConverter<Status, String> {
        @Override
        public String convertToDatabaseColumn(Status status) {
            return status == null ? null : status.label;
        }

        @Override
        public Status convertToEntityAttribute(String label) {
            return label == null ? null : fromLabel(label);
        }
    }
}
