package com.example.commerce.api.auth;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the configured administrator at start-up if that username does not exist yet. */
@Singleton
@Requires(property = "commerce.auth.bootstrap-admin.username")
@Requires(property = "commerce.auth.bootstrap-admin.password")
public class AdminBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

    private final UserRepository users;
    private final UserService userService;
    private final String username;
    private final String password;

    public AdminBootstrap(UserRepository users, UserService userService,
                          @Value("${commerce.auth.bootstrap-admin.username}") String username,
                          @Value("${commerce.auth.bootstrap-admin.password}") String password) {
        this.users = users;
        this.userService = userService;
        this.username = username;
        this.password = password;
    }

    @EventListener
    public void onStartup(StartupEvent event) {
        if (users.findByUsername(username).isPresent()) {
            return;
        }
        try {
            userService.signup(username, password, Role.ADMIN);
            LOG.info("Created administrator '{}'", username);
        } catch (RuntimeException e) {
            // Another instance created it at the same moment, or the configured password is invalid.
            LOG.warn("Administrator '{}' was not created: {}", username, e.getMessage());
        }
    }
}
