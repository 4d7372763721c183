/**
 * Reading grading spec files, with {@code file:line:col} errors like the recipe parser's.
 */
package org.cycler.core.grading.io;
