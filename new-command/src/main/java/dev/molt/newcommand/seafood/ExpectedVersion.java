package dev.molt.newcommand.seafood;

import dev.molt.newcommand.web.InvalidRequestException;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads an {@code If-Match} header: absent or {@code *} means any version. */
public final class ExpectedVersion {

    private static final Pattern ETAG = Pattern.compile("\"(\\d{1,18})\"");

    private ExpectedVersion() {}

    public static OptionalLong fromIfMatch(String ifMatch) {
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
