package dev.authz.query.readmodel;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Every read of one API request comes from one generation: a request that straddles a rebuild's switch answers
 * entirely from the old generation (kept until the next switch) or entirely from the new one. Not for
 * {@code /internal/} calls: the read-your-writes wait polls for up to seconds and must see a switch at once.
 */
@Component
public class GenerationPerRequest extends OncePerRequestFilter {
    private final ReadModel readModel;

    public GenerationPerRequest(ReadModel readModel) {
        this.readModel = readModel;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try (ReadModel.Pin pin = readModel.pinCurrent()) {
            chain.doFilter(request, response);
        }
    }
}
