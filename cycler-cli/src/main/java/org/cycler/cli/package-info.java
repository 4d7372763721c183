/**
 * The {@code cycler} command: one Picocli class per command, each parsing options, calling one use-case
 * in the modules below and printing. Exit codes: 0 success, 1 the work failed, 2 bad input.
 */
package org.cycler.cli;
