package dev.molt.newquery.seafood;

import java.util.List;
import java.util.function.Function;

/** One page of items in id order, with the total count. */
public record Page<T>(List<T> items, int page, int size, long total) {

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), page, size, total);
    }
}
