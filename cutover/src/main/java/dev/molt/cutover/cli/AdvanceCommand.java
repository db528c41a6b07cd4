package dev.molt.cutover.cli;

import dev.molt.cutover.admin.AdminClient;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code ./molt advance}: one stage forward, if its guards allow. */
@Command(
        name = "advance",
        mixinStandardHelpOptions = true,
        description = "Move one stage forward after checking its guards.")
final class AdvanceCommand extends TransitionCommand {

    @Override
    JsonNode transition(AdminClient client, boolean force, boolean override) {
        return client.advance(force, override);
    }
}
