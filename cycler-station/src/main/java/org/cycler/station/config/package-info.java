/**
 * The station's config file (data folder, HTTP bind, tokens, recipes, webhooks, devices), read with file:line:col errors.
 */
package org.cycler.station.config;
