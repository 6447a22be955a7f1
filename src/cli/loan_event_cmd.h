/* tindung loan extend|rollover|reschedule|freeze|unfreeze|write-off|events|assess|
 * assessments: decisions on a loan and the loss assessments they rest on
 * (bank/loan_event.h, bank/loan_assess.h, R-EXT-1, R-EXT-2, R-RISK-1), dispatched from
 * cmd_loan.c. */
#ifndef TD_CLI_LOAN_EVENT_CMD_H
#define TD_CLI_LOAN_EVENT_CMD_H

#include <stdbool.h>

/* The help lines of these subcommands. */
extern const char loan_event_help[];

/* True if name is one of these subcommands. */
bool loan_event_is_sub(const char *name);

/* Runs `tindung loan <argv[1]> ...`: argv[0] is "loan". Returns a CLI_* code. */
int loan_event_cmd(int argc, char **argv);

#endif
