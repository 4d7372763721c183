/**
 * Bearer tokens and their roles, read from a private tokens file; shared by the grades API and the station.
 */
package org.cycler.core.auth;
