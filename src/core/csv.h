/* csv: one CSV cell, safe to open in a spreadsheet. Used by lanternctl's
 * exports and the staff inbox's "Download CSV", so both follow one rule. */
#ifndef LANTERN_CSV_H
#define LANTERN_CSV_H

#include <stdio.h>

/* Writes v as a CSV cell: quoted when it holds , " CR or LF (quotes
 * doubled); a value starting with = + - or @ is quoted with a leading ' so
 * that a spreadsheet shows it instead of running it as a formula. */
void csv_field(FILE *out, const char *v);

#endif
