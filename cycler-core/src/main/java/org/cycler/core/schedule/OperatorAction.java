package org.cycler.core.schedule;

import java.util.Optional;

/** A pause, resume or stop an operator gave one channel at a test time (seconds). */
public record OperatorAction(double testTimeS, int channel, Kind kind) {

    public enum Kind {
        PAUSE, RESUME, STOP;

        /** The journal message a channel's STATE event carries for this action when nobody is named. */
        public String message() {
            return switch (this) {
                case PAUSE -> "paused by operator";
                case RESUME -> "resumed by operator";
                case STOP -> "stopped by operator";
            };
        }

        /**
         * The journal message for this action asked by {@code by} ({@code paused by operator alice});
         * {@link #message()} when {@code by} is null.
         */
        public String message(String by) {
            return by == null ? message() : message() + " " + by;
        }

        /** The action a journal message records, whoever asked for it; empty for any other message. */
        public static Optional<Kind> ofMessage(String message) {
            for (Kind kind : values()) {
                if (message.equals(kind.message()) || message.startsWith(kind.message() + " ")) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }
}
