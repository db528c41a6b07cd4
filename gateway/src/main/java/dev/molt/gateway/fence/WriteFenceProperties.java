package dev.molt.gateway.fence;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The write fence at the source database: which application account loses its write privileges on
 * which table when the command switch takes the writes away from its side. The fence is applied
 * over the connection of {@code molt.gateway.cutover.old-database} / {@code new-database}, whose
 * account needs the GRANT OPTION on that table.
 *
 * @param enabled whether the command switch fences the side that loses the writes at its database
 * @param oldWriter the OLD application's account and table (fenced by the switch into stage 6)
 * @param newWriter the NEW application's account and table (fenced by the rollback to stage 5)
 */
@Validated
@ConfigurationProperties("molt.gateway.fence.write-fence")
public record WriteFenceProperties(
        boolean enabled,
        @NotNull @Valid Writer oldWriter,
        @NotNull @Valid Writer newWriter) {

    @AssertTrue(message = "the write fence needs old-writer.user and new-writer.user when enabled")
    boolean isComplete() {
        return !enabled || (oldWriter != null && oldWriter.named() && newWriter != null && newWriter.named());
    }

    /**
     * An application account and the one table it writes. Its write privileges must be granted at
     * table level: a table-level revoke cannot take away database-level rights, and only table-level
     * changes reach connections that are already open.
     *
     * @param user account name; empty when the fence is off
     * @param host account host part, {@code %} for any host
     * @param table the table it writes, in the schema of the database connection
     */
    public record Writer(
            @NotNull @Pattern(regexp = "[A-Za-z0-9_]*", message = "must be letters, digits or _")
            String user,

            @NotNull @Pattern(regexp = "[A-Za-z0-9_.%-]+", message = "must be a host name, address or %")
            String host,

            @NotNull @Pattern(regexp = "[A-Za-z0-9_]+", message = "must be letters, digits or _")
            String table) {

        boolean named() {
            return user != null && !user.isBlank();
        }

        /** How the history names it: {@code user@table}. */
        String label() {
            return user + "@" + table;
        }
    }
}
