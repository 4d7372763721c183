package org.cycler.grades.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void eachRoleAllowsWhatTheRolesBelowItAllow() {
        assertTrue(Role.CLAIM.allows(Role.READ));
        assertFalse(Role.READ.allows(Role.CLAIM));
        assertTrue(Role.ADMIN.allows(Role.CLAIM));
        assertFalse(Role.CLAIM.allows(Role.ADMIN));
    }
}
