package dev.molt.newquery.seafood;

import dev.molt.newquery.web.InvalidRequestException;
import dev.molt.newquery.web.NotFoundException;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The new API's reads: {@code /query/api/seafoods}, optionally filtered by {@code category}. */
@RestController
@RequestMapping("/query/api/seafoods")
class SeafoodQueryController {

    private static final Pattern CATEGORY = Pattern.compile("[A-Z][A-Z_]{0,31}");

    private final SeafoodQueries queries;
    private final Paging paging;

    SeafoodQueryController(SeafoodQueries queries, Paging paging) {
        this.queries = queries;
        this.paging = paging;
    }

    @GetMapping("/{id}")
    ResponseEntity<Seafood> one(@PathVariable long id) {
        Seafood seafood = queries.find(id, null).orElseThrow(() -> new NotFoundException("no seafood with id " + id));
        return ResponseEntity.ok().eTag(seafood.etag()).body(seafood);
    }

    @GetMapping
    Page<Seafood> page(
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String category) {
        if (category != null && !CATEGORY.matcher(category).matches()) {
            throw new InvalidRequestException(
                    "category must be 1 to 32 capital letters or underscores, starting with a letter, like SQUID");
        }
        return queries.page(paging.page(page), paging.size(size), category);
    }
}
