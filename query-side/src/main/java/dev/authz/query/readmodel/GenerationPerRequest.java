package dev.authz.query.readmodel;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import java.io.IOException;

/**
 * Every read of one API request comes from one generation: a request that straddles a rebuild's switch answers
 * entirely from the old generation (kept until the next switch) or entirely from the new one. Registered for
 * {@code /api/*} only: the read-your-writes wait under {@code /internal/} polls for seconds and must see a
 * switch at once.
 */
public class GenerationPerRequest implements Filter {
    private final ReadModel readModel;

    public GenerationPerRequest(ReadModel readModel) {
        this.readModel = readModel;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try (ReadModel.Pin pin = readModel.pinCurrent()) {
            chain.doFilter(request, response);
        }
    }
}
