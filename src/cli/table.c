#include "cli/table.h"

int cli_chars(const char *s)
{
	int chars = 0;
	for (const char *p = s ? s : ""; *p; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			chars++;
	return chars;
}

void cli_cell(FILE *f, const char *s, int width)
{
	fputs(s ? s : "", f);
	for (int chars = cli_chars(s); chars < width; chars++)
		fputc(' ', f);
	fputc(' ', f);
}

void cli_cell_right(FILE *f, const char *s, int width)
{
	for (int chars = cli_chars(s); chars < width; chars++)
		fputc(' ', f);
	fputs(s ? s : "", f);
	fputc(' ', f);
}
