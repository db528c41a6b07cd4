package dev.molt.newquery.alias;

import dev.molt.newquery.seafood.Page;
import dev.molt.newquery.seafood.Paging;
import dev.molt.newquery.seafood.SeafoodQueries;
import dev.molt.newquery.web.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The old API's reads, {@code /query/api/squids}, from seafood rows of category SQUID. The
 * contract suite holds it to the OLD shop's answers: same statuses, headers and bodies.
 */
@RestController
@RequestMapping("/query/api/squids")
class SquidAliasQueryController {

    private static final String SQUID = "SQUID";

    private final SeafoodQueries queries;
    private final Paging paging;

    SquidAliasQueryController(SeafoodQueries queries, Paging paging) {
        this.queries = queries;
        this.paging = paging;
    }

    @GetMapping("/{id}")
    ResponseEntity<SquidView> one(@PathVariable long id) {
        SquidView squid = queries.find(id, SQUID)
                .map(SquidView::of)
                .orElseThrow(() -> new NotFoundException("no squid with id " + id));
        return ResponseEntity.ok().eTag(squid.etag()).body(squid);
    }

    @GetMapping
    Page<SquidView> page(@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return queries.page(paging.page(page), paging.size(size), SQUID).map(SquidView::of);
    }
}
