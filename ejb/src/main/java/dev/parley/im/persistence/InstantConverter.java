package dev.parley.im.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Stores {@link Instant} attributes as SQL timestamps. The EclipseLink bundled with Payara 6 would
 * otherwise serialize them into a binary column, unreadable for operators and DBAs.
 */
@Converter(autoApply = true)
public class InstantConverter implements AttributeConverter<Instant, Timestamp> {
    @Override public Timestamp convertToDatabaseColumn(Instant value) { return value == null ? null : Timestamp.from(value); }
    @Override public Instant convertToEntityAttribute(Timestamp value) { return value == null ? null : value.toInstant(); }
}
