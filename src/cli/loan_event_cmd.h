/* tindung loan extend|rollover|reschedule|freeze|unfreeze|write-off|events: decisions on a
 * loan (bank/loan_event.h, R-EXT-1, R-EXT-2, R-RISK-1), dispatched from cmd_loan.c. */
#ifndef TD_CLI_LOAN_EVENT_CMD_H
#define TD_CLI_LOAN_EVENT_CMD_H

#include <stdbool.h>

/* The help lines of these subcommands. */
extern const char loan_event_help[];

/* True if name is one of these subcommands. */
bool loan_event_is_sub(const char *name);

/* Runs `tindung loan <argv[1]> ...`: argv[0] is "loan". Returns a CLI_* code. */
int loan_event_cmd(int argc, char **argv);

/* tindung loan assess|assessments (cmd_loan_assess.c): a loan's loss assessments, the
 * dossier of the decisions (R-RISK-1, R-EXT-1). Same shape as above. */
extern const char loan_assess_help[];
bool loan_assess_is_sub(const char *name);
int loan_assess_cmd(int argc, char **argv);

#endif
