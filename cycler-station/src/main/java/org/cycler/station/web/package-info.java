/**
 * The web view served by the station: the page and its assets, alarms kept until acknowledged, and webhooks.
 */
package org.cycler.station.web;
