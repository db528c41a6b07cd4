package dev.molt.oldcommand.squid;

import dev.molt.oldcommand.web.InvalidRequestException;
import java.net.URI;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The old API's commands: {@code /command/api/squids}. Every body is checked before any SQL runs. */
@RestController
@RequestMapping("/command/api/squids")
class SquidCommandController {

    private static final Pattern ETAG = Pattern.compile("\"(\\d{1,18})\"");

    private final SquidRequests requests;
    private final SquidCommands commands;

    SquidCommandController(SquidRequests requests, SquidCommands commands) {
        this.requests = requests;
        this.commands = commands;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Squid> create(@RequestBody(required = false) String body) {
        Squid squid = commands.create(requests.draft(body));
        return ResponseEntity.created(URI.create("/query/api/squids/" + squid.id()))
                .eTag(squid.etag())
                .body(squid);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Squid> replace(
            @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody(required = false) String body) {
        OptionalLong expectedVersion = expectedVersion(ifMatch);
        Squid squid = commands.replace(id, requests.draft(body), expectedVersion);
        return ResponseEntity.ok().eTag(squid.etag()).body(squid);
    }

    @PostMapping(path = "/{id}/stock-adjustments", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Squid> adjustStock(@PathVariable long id, @RequestBody(required = false) String body) {
        Squid squid = commands.adjustStock(id, requests.delta(body));
        return ResponseEntity.ok().eTag(squid.etag()).body(squid);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        commands.delete(id);
        return ResponseEntity.noContent().build();
    }

    private static OptionalLong expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return OptionalLong.empty();
        }
        Matcher matcher = ETAG.matcher(ifMatch.strip());
        if (!matcher.matches()) {
            throw new InvalidRequestException("If-Match must be a version in double quotes, like \"3\"");
        }
        return OptionalLong.of(Long.parseLong(matcher.group(1)));
    }
}
