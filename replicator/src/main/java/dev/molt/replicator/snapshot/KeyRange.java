package dev.molt.replicator.snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * One part of the source's keys for the copy: the keys after {@code after} up to and including
 * {@code upTo}, and how far the copy has come in it. The keys are kept as text, as the progress
 * table stores them, and bound as whole numbers where the key is one.
 *
 * @param number the range's place in the key order
 * @param after the last key before the range; null for the first range
 * @param upTo the last key of the range
 * @param copiedTo the last key copied so far; null before the first chunk
 * @param done whether every key of the range is copied
 * @param rowsCopied source rows read and written so far
 */
record KeyRange(int number, String after, String upTo, String copiedTo, boolean done, long rowsCopied) {

    /** Where the next chunk starts: after the last key copied, else after the range's start. */
    String resumeAfter() {
        return copiedTo != null ? copiedTo : after;
    }

    /**
     * Splits the whole-number keys {@code min..max} into at most {@code parts} ranges of equal
     * width, in key order; the last ends at {@code max}, the copy's watermark: rows inserted above
     * it after the copy began reach the target through the stream.
     */
    static List<KeyRange> split(long min, long max, int parts) {
        if (max < min) {
            throw new IllegalArgumentException("empty key range " + min + ".." + max);
        }
        long span = max - min + 1;
        int count = (int) Math.max(1, Math.min(parts, span));
        List<KeyRange> ranges = new ArrayList<>(count);
        long width = span / count;
        long after = min - 1;
        for (int i = 0; i < count; i++) {
            long upTo = i == count - 1 ? max : after + width;
            ranges.add(new KeyRange(i, i == 0 ? null : String.valueOf(after), String.valueOf(upTo), null, false, 0));
            after = upTo;
        }
        return ranges;
    }

    /** One range over every key up to {@code max}: keys that are not whole numbers are not split. */
    static KeyRange whole(String max) {
        return new KeyRange(0, null, max, null, false, 0);
    }
}
