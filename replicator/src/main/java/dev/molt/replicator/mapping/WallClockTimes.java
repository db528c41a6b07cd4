package dev.molt.replicator.mapping;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.TimeZone;

/**
 * {@code DATETIME} and {@code TIMESTAMP} values read as the wall-clock time the server sent. MariaDB
 * Connector/J 3.5 decodes them through a {@code ZonedDateTime} in the JVM's zone, for {@code
 * getObject(i, LocalDateTime.class)} and {@code getString(i)} alike, so that in a zone with
 * daylight saving a time inside the spring-forward gap comes back an hour later (measured: {@code
 * 2026-03-08 02:30:00} read as {@code 03:30} with {@code -Duser.timezone=America/New_York}). Read
 * through a calendar of UTC, which has no gap, and one that is Gregorian back to year 1, as
 * {@link LocalDateTime} is (a default {@link GregorianCalendar} turns Julian before 1582), every
 * value from {@code 1000-01-01} to {@code 9999-12-31 23:59:59.999999} comes back as stored; a zero
 * date ({@code 0000-00-00}) reads as null, as it did.
 */
public final class WallClockTimes {

    private WallClockTimes() {}

    /** A calendar for one reading thread (a calendar is not thread-safe). */
    public static Calendar calendar() {
        GregorianCalendar calendar = new GregorianCalendar(TimeZone.getTimeZone(ZoneOffset.UTC));
        calendar.setGregorianChange(new Date(Long.MIN_VALUE));
        return calendar;
    }

    /** Which columns of a result are date-times, by column number (from 1; element 0 unused). */
    public static boolean[] dateTimeColumns(ResultSetMetaData meta) throws SQLException {
        boolean[] dateTimes = new boolean[meta.getColumnCount() + 1];
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            dateTimes[c] = meta.getColumnType(c) == Types.TIMESTAMP;
        }
        return dateTimes;
    }

    /** The column's value as the wall-clock time the server sent, or null. */
    public static LocalDateTime read(ResultSet result, int column, Calendar calendar) throws SQLException {
        Timestamp value = result.getTimestamp(column, calendar);
        if (value == null) {
            return null;
        }
        return LocalDateTime.ofEpochSecond(Math.floorDiv(value.getTime(), 1000), value.getNanos(), ZoneOffset.UTC);
    }
}
