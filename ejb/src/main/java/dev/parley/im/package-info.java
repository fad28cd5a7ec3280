/** IM logic: roster, presence, messages. */
package dev.parley.im;
