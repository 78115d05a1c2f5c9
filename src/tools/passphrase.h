/* passphrase: reads a passphrase from stdin without leaving copies around:
 * at a terminal with a prompt on stderr and echo off (restored on Ctrl+C);
 * from a pipe one plain line. Never from argv (ps shows it).
 *
 * The caller owns buf and wipes it (approval_wipe / store_wipe) when done. */
#ifndef LANTERN_PASSPHRASE_H
#define LANTERN_PASSPHRASE_H

#include <stdbool.h>
#include <stddef.h>

/* 1: a line read into buf; 0: nothing left on stdin; -1: a read error, or
 * the line did not fit (*too_long). */
int passphrase_read(const char *prompt, char *buf, size_t size, bool *too_long);

#endif
