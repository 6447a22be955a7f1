/* Opening the database for a command, with the messages a person needs. */
#ifndef TD_CLI_DBOPEN_H
#define TD_CLI_DBOPEN_H

#include "store/store.h"

/* Opens an existing tindung database and brings its schema up to date.
 * Prints one line and returns CLI_ERROR on failure. */
int cli_open_db(const char *cmd, const char *url, struct td_store **out);

#endif
