#include "cli/table.h"

void cli_cell(FILE *f, const char *s, int width)
{
	int chars = 0;
	for (const char *p = s ? s : ""; *p; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			chars++;
	fputs(s ? s : "", f);
	for (; chars < width; chars++)
		fputc(' ', f);
	fputc(' ', f);
}
