/**
 * Named devices ({@code devices.yaml}) and connecting to them through the HAL's driver registry.
 */
package org.cycler.core.device;
