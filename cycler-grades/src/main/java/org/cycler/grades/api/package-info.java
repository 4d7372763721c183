/**
 * The pack-line HTTP JSON API over the grades database ({@code cycler serve}, docs/api.md): bearer
 * tokens and their roles, lots, cells, claims and releases.
 */
package org.cycler.grades.api;
