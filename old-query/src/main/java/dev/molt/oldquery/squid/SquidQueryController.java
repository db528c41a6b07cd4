package dev.molt.oldquery.squid;

import dev.molt.oldquery.config.QueryProperties;
import dev.molt.oldquery.web.InvalidRequestException;
import dev.molt.oldquery.web.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The old API's reads: {@code /query/api/squids}. */
@RestController
@RequestMapping("/query/api/squids")
class SquidQueryController {

    private static final int MAX_PAGE = 10_000_000;

    private final SquidQueries queries;
    private final QueryProperties properties;

    SquidQueryController(SquidQueries queries, QueryProperties properties) {
        this.queries = queries;
        this.properties = properties;
    }

    @GetMapping("/{id}")
    ResponseEntity<Squid> one(@PathVariable long id) {
        Squid squid = queries.find(id).orElseThrow(() -> new NotFoundException("no squid with id " + id));
        return ResponseEntity.ok().eTag(squid.etag()).body(squid);
    }

    @GetMapping
    SquidPage page(@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        int pageNumber = page == null ? 0 : page;
        int pageSize = size == null ? properties.defaultPageSize() : size;
        if (pageNumber < 0 || pageNumber > MAX_PAGE) {
            throw new InvalidRequestException("page must be between 0 and " + MAX_PAGE);
        }
        if (pageSize < 1 || pageSize > properties.maxPageSize()) {
            throw new InvalidRequestException("size must be between 1 and " + properties.maxPageSize());
        }
        return queries.page(pageNumber, pageSize);
    }
}
