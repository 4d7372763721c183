package org.cycler.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class DeviceClaimTest {

    @Test
    void aClaimedAddressNamesItsOwnerUntilTheClaimIsReleased() throws Exception {
        String address = "tcp:127.0.0.1:" + ProcessHandle.current().pid();
        assertEquals(Optional.empty(), DeviceClaim.holder(address));
        try (DeviceClaim claim = DeviceClaim.tryClaim(address, "station /srv/lab (pid 1)").orElseThrow()) {
            assertEquals(Optional.of("station /srv/lab (pid 1)"), DeviceClaim.holder(address));
            assertTrue(DeviceClaim.tryClaim(address, "another").isEmpty());
        }
        assertEquals(Optional.empty(), DeviceClaim.holder(address));
    }
}
