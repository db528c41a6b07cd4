package dev.molt.newcommand.alias;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerInterceptor;

/** Answers 410 Gone on the old API once the alias is switched off, naming the successor. */
@Component
class AliasGate implements HandlerInterceptor {

    static final String OLD_PATHS = "/command/api/squids/**";

    private final AliasSwitch alias;

    AliasGate(AliasSwitch alias) {
        this.alias = alias;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!alias.enabled()) {
            ErrorResponseException gone = new ErrorResponseException(HttpStatus.GONE);
            gone.getBody().setDetail("the squid API has been retired; use /command/api/seafoods");
            throw gone;
        }
        return true;
    }
}
