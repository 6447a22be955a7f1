/*
 * Lending programmes in the database (R-PRG-1, R-PRG-2, R-RATE-1; docs/applications.md).
 *
 * The tables of migrations 0007 and 0019 start empty. programme_db_seed copies the seed
 * table of credit/programme_seed.c into them: every programme code not yet in the table is
 * inserted with its first terms version, caps and rate rows; codes already there are left
 * alone, so seeding twice adds nothing and never overwrites an administrator's edits.
 * Every function below seeds first (first use), inside its own transaction; the figures
 * therefore live in one place only (the C seed table), never duplicated in SQL.
 *
 * Dated terms (R-PRG-1, migration 0019): caps, term, grace, eligible statuses and flags,
 * channel, collateral threshold, roll-forward, overdue multiplier and convention are a
 * history of versions (programme_terms). programme_db_load builds a struct programme with
 * the version in force on the day the computation concerns (the application, decision or
 * disbursement date; end of day; ...) and the whole rate history, so the pure rules of
 * credit/ (eligibility_judge, programme_rate_new_loan) run on the figures of that day.
 *
 * Editing: a new rate row from a date, a new terms version from a date (history is never
 * edited: a row dated on or before the latest one is refused) and the reporting tags. All
 * need ACT_PROGRAMME_WRITE, which only administrators of the head office hold; reads need
 * nothing but a signed-in actor (programmes are data of the whole bank). Each write leaves
 * one audit record (entity "programme").
 */
#ifndef TD_BANK_PROGRAMME_DB_H
#define TD_BANK_PROGRAMME_DB_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "bank/ctx.h"
#include "credit/programme.h"

#define PROGRAMME_DB_CAPS_MAX 8
#define PROGRAMME_DB_TAG_MAX 24

/* National target programme tags (R-PRG-2). */
#define PROGRAMME_NTP_TAGS "new_rural, poverty_reduction, ethnic_minority, none"
bool programme_db_ntp_tag_known(const char *tag);

/* A programme as the database holds it. p.rates points into rates, p.caps into caps. */
struct programme_db {
	int64_t id;
	struct programme p;
	char ntp_tag[PROGRAMME_DB_TAG_MAX]; /* new_rural | poverty_reduction | ... | none */
	bool resolution_11;
	struct prg_rate *rates; /* owned; ascending effective_from */
	struct prg_cap caps[PROGRAMME_DB_CAPS_MAX];
};

/* Inserts the seed programmes that are missing; *inserted (may be NULL) gets how many.
 * Joins the caller's transaction or opens its own. */
int programme_db_seed(struct td_ctx *ctx, int *inserted, struct td_error *err);

/* Loads programme `code` (seeding first) with its terms in force on `on`. TD_ENOTFOUND
 * listing the known codes. Free with programme_db_free. No access check: programmes are
 * read by everyone. */
int programme_db_load(struct td_ctx *ctx, const char *code, td_date on,
		      struct programme_db *out, struct td_error *err);
/* The same by row id (applications keep the id). */
int programme_db_load_id(struct td_ctx *ctx, int64_t id, td_date on, struct programme_db *out,
			 struct td_error *err);
void programme_db_free(struct programme_db *p);

/* {"code","name_vi","name_en","valid_from","valid_until","date","terms_from","channel",
 *  "term_kind","max_term_months","grace_months","statuses":[..],"flags_all":[..],
 *  "flags_any":[..],"collateral_above","roll_forward","overdue_pct","convention","ntp_tag",
 *  "resolution_11","caps":[{scope,when,kind,amount,pct}],"rates":[{effective_from,
 *  outstanding_from,rate,rate_pct,reduced_rate,reduced_for}],"rate_today": rate_pct in force
 *  on `on` or null,"terms_history":[{effective_from,source,recorded_on,recorded_by}]} with
 *  the terms in force on `on`. */
int programme_db_get(struct td_ctx *ctx, const char *code, td_date on, json_t **out,
		     struct td_error *err);
/* {"items":[...as get...]} ordered by code as a number ("1" < "2" < "19"). */
int programme_db_list(struct td_ctx *ctx, td_date on, json_t **out, struct td_error *err);

struct programme_rate_input {
	td_date effective_from;
	td_date outstanding_from; /* PRG_DATE_NEVER: new loans only */
	td_rate rate;		  /* annual millionths */
	td_rate reduced_rate;	  /* 0 with reduced_for NULL/"" */
	const char *reduced_for;  /* "ethnic_minority,hard_area;disabled" or NULL */
	const char *source;	  /* the decision that set it, or NULL */
};

/* Adds a rate row (R-RATE-1). TD_ERULE when effective_from is not after the latest row
 * (naming it) or outstanding_from is before effective_from; TD_EINVAL for a rate outside
 * 0..100 % or unknown flag names; TD_EFORBIDDEN unless ACT_PROGRAMME_WRITE. */
int programme_db_add_rate(struct td_ctx *ctx, const char *code,
			  const struct programme_rate_input *in, struct td_error *err);

/* collateral_above of programme_terms_input that keeps the current threshold. */
#define PROGRAMME_KEEP ((td_money)-2)

/* A new terms version from effective_from: what is given replaces the version in force
 * then, the rest is kept (NULL, -1, PROGRAMME_KEEP). caps (with ncaps) replaces every cap. */
struct programme_terms_input {
	td_date effective_from;
	const char *source;	   /* the decision, required */
	const char *channel;	   /* "entrusted" | "direct" */
	int max_term_months;	   /* -1: keep */
	int grace_months;	   /* -1: keep */
	td_money collateral_above; /* PROGRAMME_KEEP; PRG_NO_COLLATERAL: never */
	int roll_forward;	   /* -1: keep, 0, 1 */
	int overdue_pct;	   /* -1: keep */
	const char *statuses;	   /* "poor,near_poor" */
	const char *flags_all, *flags_any;
	const struct prg_cap *caps;
	size_t ncaps;
};

/* Adds a terms version (R-PRG-1). TD_ERULE when effective_from is not after the latest
 * version (naming it); TD_EINVAL for a malformed field (programme_check names it) or a
 * missing source; TD_EFORBIDDEN unless ACT_PROGRAMME_WRITE. */
int programme_db_add_terms(struct td_ctx *ctx, const char *code,
			   const struct programme_terms_input *in, struct td_error *err);

/* Sets the tags (R-PRG-2): ntp_tag NULL keeps it, resolution_11 < 0 keeps it. */
int programme_db_set_tags(struct td_ctx *ctx, const char *code, const char *ntp_tag,
			  int resolution_11, struct td_error *err);

/* Whether programme code rolls a missed instalment forward (R-DUE-2) on day: the terms of
 * that day. 1 or 0 into *out. For end of day, which reads it for every loan. */
int programme_db_roll_forward(struct td_ctx *ctx, const char *code, td_date day, int64_t *out,
			      struct td_error *err);

/* Status and flag sets as stored ("poor,near_poor"); size >= 160. */
char *programme_db_status_text(uint32_t mask, char *buf, size_t size);
char *programme_db_flags_text(uint32_t mask, char *buf, size_t size);

#endif
