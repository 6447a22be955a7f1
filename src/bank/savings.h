/*
 * Member savings (tiết kiệm tổ viên, R-SAV-1; docs/savings.md): a household of a group saves
 * monthly, from 5,000 đồng a deposit (td_meta savings_min_deposit), through the group leader
 * at the session; the money is a liability of the group's office (MEMBER_SAVINGS) and earns
 * the deposit rate of the office's branch.
 *
 * An account belongs to one household, one group and one office (the group's when it was
 * opened); a household has at most one open account. Its balance lives in the ledger; the
 * account keeps a cached balance and savings_txn the movements, and `tindung check`
 * (savings_check) compares the three.
 *
 * Permission (docs/access.md): deposits need ACT_SAVINGS_DEPOSIT on the account's
 * {office, chapter, group} (so a group leader collects for its own group only, R-ORG-3);
 * opening, withdrawals and interest ACT_SAVINGS_WRITE on the same scope; rates
 * ACT_SAVINGS_WRITE on the branch; reads ACT_READ. Every write is one transaction with its
 * audit record and its ledger entry, booked on the business date.
 *
 * Repaying a loan from savings (R-SAV-1) is a withdrawal that moves no cash: the repayment
 * use case (loan_repay with from_savings) checks the account with savings_payment_check,
 * books Dr MEMBER_SAVINGS / Cr the loan accounts and INTEREST_INCOME, and records the
 * withdrawal on that entry with savings_payment_record, all in its own transaction.
 */
#ifndef TD_BANK_SAVINGS_H
#define TD_BANK_SAVINGS_H

#include <jansson.h>
#include <stdint.h>

#include "bank/check.h"
#include "bank/ctx.h"
#include "base/money.h"

/* Opens an account for household in group on the business date. The household must be a
 * member of the group on that date (TD_ERULE), the group open (TD_ERULE), the household
 * without an open account (TD_ECONFLICT naming it); TD_ENOTFOUND for unknown ids. */
int savings_open(struct td_ctx *ctx, int64_t household_id, int64_t group_id, int64_t *id,
		 struct td_error *err);

/* A deposit: Dr CASH / Cr MEMBER_SAVINGS of the account's office. TD_ERULE under the
 * minimum ("tiền gửi tối thiểu 5.000 đồng một lần, không nhận 4.000 đồng"), TD_EINVAL above
 * TD_MONEY_MAX_INPUT, TD_ECONFLICT on a closed account. *txn_id may be NULL. */
int savings_deposit(struct td_ctx *ctx, int64_t account_id, td_money amount, int64_t *txn_id,
		    struct td_error *err);

/* A withdrawal: Dr MEMBER_SAVINGS / Cr CASH. TD_ERULE when amount exceeds the balance:
 * "sổ tiết kiệm 7 chỉ còn 12.000 đồng, không đủ rút 20.000 đồng". */
int savings_withdraw(struct td_ctx *ctx, int64_t account_id, td_money amount, int64_t *txn_id,
		     struct td_error *err);

/* Whether account may pay amount towards a loan of household_id booked at office_id
 * (R-SAV-1), inside the repayment's transaction: the borrower's own account (TD_ERULE
 * naming both households), open (TD_ECONFLICT), kept at the loan's office (TD_ERULE: the
 * entry moves no money between offices), holding amount (TD_ERULE "sổ tiết kiệm 7 chỉ còn
 * 12.000 đồng, không đủ trả nợ 20.000 đồng"). Money leaves the account, so the actor needs
 * ACT_SAVINGS_WRITE on it. TD_ENOTFOUND for an unknown account. */
int savings_payment_check(struct td_ctx *ctx, int64_t account_id, int64_t household_id,
			  int64_t office_id, td_money amount, struct td_error *err);

/* Records the withdrawal that paid a repayment, after savings_payment_check and in the
 * same transaction: a savings_txn 'withdrawal' of amount naming entry_id (the repayment's
 * entry, which debits MEMBER_SAVINGS of the account's office by amount), the cached
 * balance lowered by amount, and its audit record. *txn_id may be NULL. */
int savings_payment_record(struct td_ctx *ctx, int64_t account_id, td_money amount,
			   int64_t entry_id, int64_t *txn_id, struct td_error *err);

/* Reverses one deposit or withdrawal (R-SES-1, R-GL-1; docs/savings.md "Reversing a
 * movement"): the mirror of its entry on the business date and a movement of the opposite
 * kind and the same amount that names it (reverses_txn_id) and the reason, the balance
 * moved back; the movement itself stays, savings_get shows it reversed. Needs
 * ACT_SAVINGS_WRITE on the account (money may leave it) and a reason (TD_EINVAL).
 * Refused: a movement reversed already, naming when and by whom, or one that is itself a
 * reversal (TD_ECONFLICT); the withdrawal that paid a loan repayment (TD_ECONFLICT: reverse
 * the repayment, loan_repay_reverse, which gives the savings back); interest (TD_ERULE: its
 * period stays paid); a closed account (TD_ECONFLICT); a deposit larger than the balance
 * (TD_ERULE, both amounts named). A retry under the same idempotency key is answered
 * before this runs (bank/idempotency.h, R-GL-3). TD_ENOTFOUND for an unknown movement.
 * *new_txn_id (may be NULL) gets the reversing movement. */
int savings_reverse(struct td_ctx *ctx, int64_t txn_id, const char *reason, int64_t *new_txn_id,
		    struct td_error *err);

/* Gives back the withdrawal txn_id that paid a repayment, inside loan_repay_reverse's
 * transaction: a 'deposit' naming it on entry_id (the mirror of the repayment's entry,
 * which credits MEMBER_SAVINGS by the amount), with the reason; the balance raised; its
 * audit record. ACT_SAVINGS_WRITE on the account; TD_ECONFLICT when the account is closed.
 * *new_txn_id may be NULL. */
int savings_payment_reverse(struct td_ctx *ctx, int64_t txn_id, const char *reason,
			    int64_t entry_id, int64_t *new_txn_id, struct td_error *err);

/* Interest for [from, to) (to exclusive): on each day the balance after that day's
 * movements, at the branch's rate of that day, ACT/365, rounded once for the period
 * (credit/interest.h). Books Dr SAVINGS_INTEREST_EXPENSE / Cr MEMBER_SAVINGS and records
 * the period. Refused: from >= to, from before the opening, a last day after the business
 * date (TD_EINVAL); a period overlapping one already paid, no rate on from (TD_ERULE).
 * Zero interest books nothing. *amount gets the interest. */
int savings_post_interest(struct td_ctx *ctx, int64_t account_id, td_date from, td_date to,
			  td_money *amount, struct td_error *err);

/* A deposit rate of a branch office (kind 'branch'; TD_EINVAL otherwise) from
 * effective_from on; earlier rows stay as history. rate is annual, millionths, 0..100 %.
 * TD_EUNIQUE when the branch has a row from that day already. */
int savings_rate_set(struct td_ctx *ctx, int64_t branch_id, td_rate rate, td_date effective_from,
		     struct td_error *err);

/* The rate of the branch of office (itself when a branch; else its nearest branch above it
 * on day) on day; TD_ERULE naming the branch and the day when it has none. *branch_id may
 * be NULL. */
int savings_rate_on(struct td_store *s, int64_t office_id, td_date day, td_rate *rate,
		    int64_t *branch_id, struct td_error *err);

/* {"items":[{"id","office_id","office_code","rate","effective_from","set_on"}]} of the
 * branch, newest first. */
int savings_rates(struct td_ctx *ctx, int64_t branch_id, json_t **out, struct td_error *err);

/* {"id","household_id","head_name","group_id","group_code","office_id","office_code",
 *  "opened_on","closed_on","balance","txns":[{"id","kind","amount","business_date",
 *  "period_from","period_to","entry_id","reverses_txn_id","reversed_by","reason"}]}:
 *  reverses_txn_id the movement a reversal reverses, reversed_by the movement that
 *  reversed this one, reason the reversal's (each null otherwise). TD_ENOTFOUND for an
 *  unknown id. */
int savings_get(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err);

/* {"items":[...the same without txns...],"total","limit","offset"}: the accounts in the
 * actor's scope (a group leader: its group), optionally of one group (0: all), by id. */
int savings_list(struct td_ctx *ctx, int64_t group_id, int64_t limit, int64_t offset,
		 json_t **out, struct td_error *err);

/* The check of the registry (check.h): each account's cached balance equals the sum of
 * its movements; per office, the movements (up to upto) equal MEMBER_SAVINGS, and the
 * cached balances equal all of MEMBER_SAVINGS. */
int savings_check(struct td_store *s, td_date upto, struct check_report *r,
		  struct td_error *err);

#endif
