package org.cycler.core.recipe;

/** The comparison operators of conditions in recipes ({@code goto}) and grading specs ({@code reject}). */
public enum Comparison {
    LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    /** As written in files: {@code <}, {@code <=}, {@code >}, {@code >=}. */
    public String symbol() {
        return symbol;
    }

    public boolean test(double value, double threshold) {
        return switch (this) {
            case LESS -> value < threshold;
            case LESS_OR_EQUAL -> value <= threshold;
            case GREATER -> value > threshold;
            case GREATER_OR_EQUAL -> value >= threshold;
        };
    }
}
