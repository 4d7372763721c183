package org.cycler.core.schedule;

/** A pause, resume or stop an operator gave one channel at a test time (seconds). */
public record OperatorAction(double testTimeS, int channel, Kind kind) {

    public enum Kind {
        PAUSE, RESUME, STOP;

        /** The journal message a channel's STATE event carries for this action. */
        public String message() {
            return switch (this) {
                case PAUSE -> "paused by operator";
                case RESUME -> "resumed by operator";
                case STOP -> "stopped by operator";
            };
        }
    }
}
