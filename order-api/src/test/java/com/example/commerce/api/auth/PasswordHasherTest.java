package com.example.commerce.api.auth;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHasherTest {

    @Test
    void theDecoyIsAWellFormedHashOfTheConfiguredCost() {
        for (int cost : new int[] {4, 10, 12}) {
            String decoy = new PasswordHasher(cost).decoyHash();
            // The encoder only hashes (and so only spends the time) for hashes of this shape.
            assertTrue(decoy.matches("\\$2a\\$\\d\\d\\$[./0-9A-Za-z]{53}"), decoy);
            assertEquals(cost, Integer.parseInt(decoy.substring(4, 6)));
            assertFalse(BCrypt.checkpw("any password", decoy), "a real check runs, and fails");
        }
    }

    @Test
    void realHashesStillMatch() {
        var hasher = new PasswordHasher(4);
        String hash = hasher.hash("secret123");
        assertTrue(hasher.matches("secret123", hash));
        assertFalse(hasher.matches("secret124", hash));
    }
}
