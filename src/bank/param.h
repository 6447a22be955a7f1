/*
 * Dated parameters (issue 9; docs/parameters.md): every figure the government or the bank
 * changes by decision — entrustment fee rates, tiers and split (R-FEE-1), the group leader's
 * commission (R-FEE-2), the smallest savings deposit and the savings rate ceiling (R-SAV-1),
 * the group score (DOMAIN.md §8), the office check's working days (R-APP-4), the loss
 * thresholds of risk handling (R-RISK-1, R-EXT-1) — is a row of
 * param_value (migration 0019) with an effective date. Computations read the value in force
 * on the day they concern; rows are only ever added, each after the latest of its name and
 * scope, so what was computed for an earlier day never changes.
 *
 * A parameter may be per programme (fee.rate, commission.rate): the value of programme P on
 * day D is P's own latest row on or before D if it has one, else the general row (scope "").
 *
 * Writing needs ACT_PROGRAMME_WRITE (administrators of the head office) and leaves one audit
 * record (entity "param"); reading needs a signed-in actor only (they are the whole bank's).
 * Programme terms (caps, terms, grace, collateral, channel) are dated the same way in
 * programme_db.h; the working-day calendar is calendar.h.
 */
#ifndef TD_BANK_PARAM_H
#define TD_BANK_PARAM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "bank/ctx.h"
#include "base/money.h"
#include "credit/fee.h"
#include "credit/risk.h"
#include "credit/score.h"

#define PARAM_VALUE_MAX 256
#define PARAM_SOURCE_MAX 500

enum param_kind {
	PARAM_RATE,    /* a percentage, at most 4 decimals: "0.032" */
	PARAM_MONEY,   /* đồng: "5000" */
	PARAM_DAYS,    /* a whole number of days, 0..365 */
	PARAM_TIERS,   /* fee tiers: "2:100,3:80,4:50" (credit/fee.h) */
	PARAM_SPLIT,   /* fee split: "84,9,4.5,2.5" */
	PARAM_WEIGHTS, /* score weights: "30,20,20,15,10,5" (credit/score.h) */
	PARAM_ANCHORS, /* score anchors: "0-5,100-80,..." */
	PARAM_GRADES,  /* score grades: "90,80,70" */
};

struct param_def {
	const char *name;  /* "fee.rate" */
	enum param_kind kind;
	bool by_programme; /* may have a row per programme */
	const char *label; /* Vietnamese, for screens and documents */
	const char *unit;  /* Vietnamese: "%/tháng", "đồng", "" */
};

/* The known parameters, in display order; *count gets how many. */
const struct param_def *param_defs(size_t *count);
/* TD_EINVAL naming the known names when name is not one. */
int param_def_find(const char *name, const struct param_def **out, struct td_error *err);

/* The value of name for programme (NULL or "" for the general row) in force on day, as
 * stored. TD_ENOTFOUND naming the parameter and the day when no row is in force. */
int param_text(struct td_ctx *ctx, const char *name, const char *programme, td_date day,
	       char *buf, size_t size, struct td_error *err);
/* Typed reads of the same. */
int param_rate(struct td_ctx *ctx, const char *name, const char *programme, td_date day,
	       td_rate *out, struct td_error *err);
int param_money(struct td_ctx *ctx, const char *name, td_date day, td_money *out,
		struct td_error *err);
int param_days(struct td_ctx *ctx, const char *name, td_date day, int *out, struct td_error *err);
/* fee.tiers and fee.split in force on day. */
int param_fee(struct td_ctx *ctx, td_date day, struct fee_params *out, struct td_error *err);
/* risk.freeze_loss and risk.write_off_loss in force on day (R-RISK-1, R-EXT-1). */
int param_risk(struct td_ctx *ctx, td_date day, struct risk_thresholds *out,
	       struct td_error *err);
/* score.weights, score.anchors and score.grades in force on day. */
int param_score(struct td_ctx *ctx, td_date day, struct score_params *out, struct td_error *err);

struct param_input {
	const char *name;
	const char *scope;  /* NULL or "": general; else a programme code */
	td_date effective_from;
	const char *value;  /* as the kind reads it */
	const char *source; /* the decision that sets it, required */
};

/* Adds a row. TD_EINVAL for an unknown name, a malformed value (naming the part), a scope
 * on a parameter that is not per programme, a missing source; TD_ENOTFOUND for an unknown
 * programme; TD_ERULE when effective_from is not after the latest row of the name and scope
 * (naming it) or the value contradicts the parameters in force with it (score weights with
 * the anchors and grades); TD_EFORBIDDEN without ACT_PROGRAMME_WRITE. */
int param_set(struct td_ctx *ctx, const struct param_input *in, struct td_error *err);

/* {"date","items":[{"name","label","kind","unit","by_programme","value" (general value in
 * force on day, or null),"programmes":{"12":"0.003",...} (own values in force),
 * "history":[{"scope","effective_from","value","source","recorded_on","recorded_by"}]}]}. */
int param_list(struct td_ctx *ctx, td_date day, json_t **out, struct td_error *err);

#endif
