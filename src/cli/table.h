/* Plain-text tables on a terminal: columns padded by characters, not bytes, so that
 * Vietnamese text lines up. */
#ifndef TD_CLI_TABLE_H
#define TD_CLI_TABLE_H

#include <stdio.h>

/* Characters of UTF-8 text s (not bytes: Vietnamese letters take 2 or 3). */
int cli_chars(const char *s);

/* Prints s (NULL as "") left-aligned in a column of width characters and one space. */
void cli_cell(FILE *f, const char *s, int width);
/* The same, right-aligned: figures and their headings. */
void cli_cell_right(FILE *f, const char *s, int width);

/* The same, right-aligned (headings of columns of figures). */
void cli_cell_right(FILE *f, const char *s, int width);

#endif
