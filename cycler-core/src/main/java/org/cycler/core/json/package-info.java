/** The program's one configured JSON mapper ({@link org.cycler.core.json.Json}). */
package org.cycler.core.json;
