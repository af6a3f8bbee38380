package dev.authz.query.rebuild;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' endpoints (internal token, never routed by the gateway): {@code POST /internal/v1/rebuild} starts a
 * rebuild of every projection (202 with its status; 409 while one runs), {@code GET /internal/v1/rebuild} tells
 * how the current or last one goes. {@code java -jar devstack.jar rebuild} drives both.
 */
@RestController
public class RebuildController {
    private final RebuildService rebuilds;

    public RebuildController(RebuildService rebuilds) {
        this.rebuilds = rebuilds;
    }

    @PostMapping("/internal/v1/rebuild")
    public ResponseEntity<RebuildStatus> start() {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rebuilds.start());
    }

    @GetMapping("/internal/v1/rebuild")
    public RebuildStatus status() {
        return rebuilds.status();
    }

    @ExceptionHandler(RebuildRefusedException.class)
    public ResponseEntity<RebuildStatus> refused(RebuildRefusedException e) {
        RebuildStatus body = e.status() != null ? e.status().with(e.status().state(), e.status().phase(), e.getMessage())
                : RebuildStatus.idle().with("REFUSED", null, e.getMessage());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(body);
    }
}
