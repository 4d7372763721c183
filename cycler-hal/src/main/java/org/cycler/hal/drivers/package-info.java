/**
 * From a device address to a connected {@link org.cycler.hal.Cycler}: the driver registry that
 * keeps every caller above the HAL on the contract.
 */
package org.cycler.hal.drivers;
