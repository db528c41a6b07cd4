package dev.molt.replicator.verify;

import java.util.List;

/**
 * The outcome of a verification. The key lists are capped; the counts are not.
 *
 * @param rowsCompared source rows covered (by checksum, and row by row where a chunk differed)
 * @param missing keys of source rows absent from the target
 * @param extra keys of target rows (within the replicated scope) absent from the source
 * @param different keys of rows present on both sides with different mapped values
 * @param chunks key ranges checksummed on both sides
 * @param chunksDifferent of those, the ones whose checksums differed (then read row by row)
 * @param rowsReadOneByOne source rows read row by row in the differing chunks
 */
public record VerificationReport(
        boolean equal,
        long rowsCompared,
        List<Object> missing,
        List<Object> extra,
        List<Object> different,
        long missingCount,
        long extraCount,
        long differentCount,
        long chunks,
        long chunksDifferent,
        long rowsReadOneByOne) {}
