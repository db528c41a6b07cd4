package dev.molt.newcommand.seafood;

import java.net.URI;
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

/** The new API's commands: {@code /command/api/seafoods}. Every body is checked before any SQL runs. */
@RestController
@RequestMapping("/command/api/seafoods")
class SeafoodCommandController {

    private final SeafoodRequests requests;
    private final SeafoodCommands commands;

    SeafoodCommandController(SeafoodRequests requests, SeafoodCommands commands) {
        this.requests = requests;
        this.commands = commands;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Seafood> create(@RequestBody(required = false) String body) {
        Seafood seafood = commands.create(requests.draft(body));
        return ResponseEntity.created(URI.create("/query/api/seafoods/" + seafood.id()))
                .eTag(seafood.etag())
                .body(seafood);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Seafood> replace(
            @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody(required = false) String body) {
        var expectedVersion = ExpectedVersion.fromIfMatch(ifMatch);
        Seafood seafood = commands.replace(Catalogue.SEAFOOD, id, requests.draft(body), expectedVersion);
        return ResponseEntity.ok().eTag(seafood.etag()).body(seafood);
    }

    @PostMapping(path = "/{id}/stock-adjustments", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Seafood> adjustStock(@PathVariable long id, @RequestBody(required = false) String body) {
        Seafood seafood = commands.adjustStock(Catalogue.SEAFOOD, id, requests.delta(body));
        return ResponseEntity.ok().eTag(seafood.etag()).body(seafood);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        commands.delete(Catalogue.SEAFOOD, id);
        return ResponseEntity.noContent().build();
    }
}
