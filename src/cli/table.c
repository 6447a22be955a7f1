#include "cli/table.h"

/* Characters of UTF-8 text: bytes that do not continue a sequence. */
static int chars_of(const char *s)
{
	int chars = 0;
	for (const char *p = s; *p; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			chars++;
	return chars;
}

void cli_cell(FILE *f, const char *s, int width)
{
	s = s ? s : "";
	fputs(s, f);
	for (int chars = chars_of(s); chars < width; chars++)
		fputc(' ', f);
	fputc(' ', f);
}

void cli_cell_right(FILE *f, const char *s, int width)
{
	s = s ? s : "";
	for (int chars = chars_of(s); chars < width; chars++)
		fputc(' ', f);
	fputs(s, f);
	fputc(' ', f);
}
