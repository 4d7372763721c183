package org.cycler.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class RealTimePriorityTest {

    @Test
    void aThreadEitherRunsUnderFifoAfterwardsOrIsToldWhyNotAndStaysAsItWas() throws InterruptedException {
        AtomicReference<Optional<String>> said = new AtomicReference<>();
        AtomicInteger before = new AtomicInteger();
        AtomicInteger after = new AtomicInteger();
        Thread thread = Thread.ofPlatform().start(() -> {
            before.set(RealTimePriority.currentPolicy());
            said.set(RealTimePriority.raiseCurrentThread(RealTimePriority.LOOP));
            after.set(RealTimePriority.currentPolicy());
        });
        thread.join();
        if (before.get() == -1) {
            assertFalse(said.get().isEmpty(), "no /proc/thread-self, yet the priority was raised");
            return;
        }
        assertEquals(0, before.get(), "a new thread starts under the normal policy");
        if (said.get().isEmpty()) {
            assertEquals(1, after.get(), "raised, yet the kernel does not report SCHED_FIFO");
        } else {
            assertFalse(said.get().orElseThrow().isBlank());
            assertFalse(said.get().orElseThrow().contains("\n"), "one line");
            assertEquals(0, after.get(), "refused (" + said.get().orElseThrow() + "), yet the policy changed");
        }
    }

    @Test
    void onlyThePrioritiesTheKernelKnowsAreAskedFor() {
        assertThrows(IllegalArgumentException.class, () -> RealTimePriority.raiseCurrentThread(0));
        assertThrows(IllegalArgumentException.class, () -> RealTimePriority.raiseCurrentThread(100));
    }

    @Test
    void theCallingThreadsOwnPolicyIsRead() {
        int policy = RealTimePriority.currentPolicy();
        assertFalse(policy < -1 || policy > 6, "policy " + policy);
    }
}
