package dev.molt.newquery.seafood;

import dev.molt.newquery.config.QueryProperties;
import dev.molt.newquery.web.InvalidRequestException;
import org.springframework.stereotype.Component;

/** Checks and defaults the {@code page} and {@code size} parameters of a list request. */
@Component
public class Paging {

    private static final int MAX_PAGE = 10_000_000;

    private final QueryProperties properties;

    Paging(QueryProperties properties) {
        this.properties = properties;
    }

    public int page(Integer page) {
        int pageNumber = page == null ? 0 : page;
        if (pageNumber < 0 || pageNumber > MAX_PAGE) {
            throw new InvalidRequestException("page must be between 0 and " + MAX_PAGE);
        }
        return pageNumber;
    }

    public int size(Integer size) {
        int pageSize = size == null ? properties.defaultPageSize() : size;
        if (pageSize < 1 || pageSize > properties.maxPageSize()) {
            throw new InvalidRequestException("size must be between 1 and " + properties.maxPageSize());
        }
        return pageSize;
    }
}
