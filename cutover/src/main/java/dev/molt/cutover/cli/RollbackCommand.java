package dev.molt.cutover.cli;

import dev.molt.cutover.admin.AdminClient;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code ./molt rollback}: one stage back, losing no write. */
@Command(name = "rollback", mixinStandardHelpOptions = true, description = "Move one stage back.")
final class RollbackCommand extends TransitionCommand {

    @Override
    JsonNode transition(AdminClient client, boolean force, boolean override) {
        return client.rollback(force, override);
    }
}
