#include <stdio.h>

#include "cli/cli.h"
#include "store/store.h"

int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("tindung %s (lược đồ %d)\n", TD_VERSION, store_latest_version());
	return CLI_OK;
}
