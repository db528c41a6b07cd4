package dev.molt.gateway.routing;

/** The four route groups of a CQRS split during an API rename: {old, new} API x {query, command}. */
public enum RouteGroup {
    OLD_API_QUERY("old-api-query", true, false),
    OLD_API_COMMAND("old-api-command", true, true),
    NEW_API_QUERY("new-api-query", false, false),
    NEW_API_COMMAND("new-api-command", false, true);

    private final String id;
    private final boolean oldApi;
    private final boolean command;

    RouteGroup(String id, boolean oldApi, boolean command) {
        this.id = id;
        this.oldApi = oldApi;
        this.command = command;
    }

    public String id() {
        return id;
    }

    public boolean oldApi() {
        return oldApi;
    }

    public boolean command() {
        return command;
    }
}
