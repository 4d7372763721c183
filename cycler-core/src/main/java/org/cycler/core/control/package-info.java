/**
 * Steering a live run from another process: the control socket in the run directory (status, pause,
 * resume, stop) and the run lock that keeps a run from being driven twice.
 */
package org.cycler.core.control;
