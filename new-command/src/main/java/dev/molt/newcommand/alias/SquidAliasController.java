package dev.molt.newcommand.alias;

import dev.molt.newcommand.seafood.Catalogue;
import dev.molt.newcommand.seafood.ExpectedVersion;
import dev.molt.newcommand.seafood.JsonBodies;
import dev.molt.newcommand.seafood.Money;
import dev.molt.newcommand.seafood.Seafood;
import dev.molt.newcommand.seafood.SeafoodCommands;
import dev.molt.newcommand.seafood.SeafoodDraft;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Set;
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
import tools.jackson.databind.JsonNode;

/**
 * The old API's commands, {@code /command/api/squids}, on seafood rows of category SQUID. The
 * contract suite holds it to the OLD shop's answers: same statuses, headers and bodies.
 */
@RestController
@RequestMapping("/command/api/squids")
class SquidAliasController {

    private static final Set<String> SQUID_FIELDS = Set.of("name", "price", "stock", "origin");
    private static final String SQUID = "SQUID";
    private static final String WON = "KRW";

    private final JsonBodies bodies;
    private final SeafoodCommands commands;

    SquidAliasController(JsonBodies bodies, SeafoodCommands commands) {
        this.bodies = bodies;
        this.commands = commands;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SquidView> create(@RequestBody(required = false) String body) {
        Seafood seafood = commands.create(draft(body));
        return ResponseEntity.created(URI.create("/query/api/squids/" + seafood.id()))
                .eTag(seafood.etag())
                .body(SquidView.of(seafood));
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SquidView> replace(
            @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody(required = false) String body) {
        var expectedVersion = ExpectedVersion.fromIfMatch(ifMatch);
        Seafood seafood = commands.replace(Catalogue.SQUIDS, id, draft(body), expectedVersion);
        return ResponseEntity.ok().eTag(seafood.etag()).body(SquidView.of(seafood));
    }

    @PostMapping(path = "/{id}/stock-adjustments", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SquidView> adjustStock(@PathVariable long id, @RequestBody(required = false) String body) {
        Seafood seafood = commands.adjustStock(Catalogue.SQUIDS, id, bodies.delta(body));
        return ResponseEntity.ok().eTag(seafood.etag()).body(SquidView.of(seafood));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        commands.delete(Catalogue.SQUIDS, id);
        return ResponseEntity.noContent().build();
    }

    private SeafoodDraft draft(String body) {
        JsonNode node = bodies.object(body, SQUID_FIELDS);
        String name = JsonBodies.name(node);
        int price = JsonBodies.count(node, "price", "price must be a whole number of won, 0 or more");
        int stock = JsonBodies.count(node, "stock", "stock must be a whole number, 0 or more");
        String origin = JsonBodies.text(node, "origin", false);
        return new SeafoodDraft(SQUID, name, new Money(BigDecimal.valueOf(price).setScale(2), WON), stock, origin);
    }
}
