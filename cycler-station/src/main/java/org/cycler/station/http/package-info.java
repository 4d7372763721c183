/**
 * The station's JSON API over HTTP (Javalin): jobs, devices, events, token roles and CSRF, and the client the CLI speaks it with.
 */
package org.cycler.station.http;
