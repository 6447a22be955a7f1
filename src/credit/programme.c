/* Programme lookups and the rate a loan bears (R-PRG-1, R-RATE-1). */
#include "credit/programme.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

const struct programme *programme_find(const struct programme *table, size_t count,
				       const char *code)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(table[i].code, code) == 0)
			return &table[i];
	return NULL;
}

int programme_lookup(const struct programme *table, size_t count, const char *code,
		     const struct programme **out, struct td_error *err)
{
	*out = programme_find(table, count, code);
	if (*out)
		return TD_OK;
	char known[TD_ERROR_MSG_MAX / 2] = "";
	size_t used = 0;
	for (size_t i = 0; i < count && used < sizeof known; i++) {
		int n = snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "",
				 table[i].code);
		used += n > 0 ? (size_t)n : 0;
	}
	return td_error_set(err, TD_ENOTFOUND, "no programme with code \"%s\" (known: %s)", code,
			    known);
}

bool programme_in_force(const struct programme *p, td_date day)
{
	return p->valid_from <= day && day < p->valid_until;
}

static td_rate row_rate(const struct prg_rate *r, uint32_t flags)
{
	for (int i = 0; i < PRG_REDUCED_SETS_MAX && r->reduced_for[i]; i++)
		if ((flags & r->reduced_for[i]) == r->reduced_for[i])
			return r->reduced_rate;
	return r->rate;
}

/* The row a loan disbursed on d bears on day t, with the day it started bearing it
 * (R-RATE-1; rules in programme.h). NULL if no row applies yet. */
static const struct prg_rate *row_for_loan(const struct programme *p, td_date d, td_date t,
					   td_date *since)
{
	const struct prg_rate *best = NULL;
	td_date best_since = d;
	for (size_t i = 0; i < p->rate_count; i++) {
		const struct prg_rate *r = &p->rates[i];
		td_date s;
		if (r->effective_from <= d)
			s = d; /* rows ascend: the last such row is the one in force on d */
		else if (r->outstanding_from != PRG_DATE_NEVER)
			s = r->outstanding_from > d ? r->outstanding_from : d;
		else
			continue;
		if (s <= t && (!best || s >= best_since)) {
			best = r;
			best_since = s;
		}
	}
	*since = best_since;
	return best;
}

static int no_rate(const struct programme *p, td_date d, struct td_error *err)
{
	char buf[TD_DATE_FMT_MAX];
	return td_error_set(err, TD_ENOTFOUND, "programme %s (%s) has no rate in force on %s",
			    p->code, p->name_en, date_format_vn(d, buf, sizeof buf));
}

int programme_rate_loan(const struct programme *p, td_date disbursed, td_date on, uint32_t flags,
			td_rate *out, struct td_error *err)
{
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
	if (on < disbursed)
		return td_error_set(err, TD_EINVAL, "rate asked for %s, before disbursement on %s",
				    date_format_vn(on, a, sizeof a),
				    date_format_vn(disbursed, b, sizeof b));
	td_date since;
	const struct prg_rate *r = row_for_loan(p, disbursed, on, &since);
	if (!r)
		return no_rate(p, on, err);
	*out = row_rate(r, flags);
	return TD_OK;
}

int programme_rate_new_loan(const struct programme *p, td_date day, uint32_t flags, td_rate *out,
			    struct td_error *err)
{
	return programme_rate_loan(p, day, day, flags, out, err);
}

/* The first day after t on which a row switches in for a loan disbursed on d. */
static td_date next_switch(const struct programme *p, td_date d, td_date t)
{
	td_date next = PRG_DATE_NEVER;
	for (size_t i = 0; i < p->rate_count; i++) {
		const struct prg_rate *r = &p->rates[i];
		if (r->effective_from <= d || r->outstanding_from == PRG_DATE_NEVER)
			continue;
		td_date s = r->outstanding_from > d ? r->outstanding_from : d;
		if (s > t && s < next)
			next = s;
	}
	return next;
}

int programme_rate_periods(const struct programme *p, td_date disbursed, td_date from, td_date to,
			   uint32_t flags, struct prg_rate_period *out, size_t cap, size_t *count,
			   struct td_error *err)
{
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
	if (from < disbursed || to < from)
		return td_error_set(err, TD_EINVAL,
				    "rate periods from %s to %s: need disbursement <= from <= to",
				    date_format_vn(from, a, sizeof a),
				    date_format_vn(to, b, sizeof b));
	size_t n = 0;
	for (td_date t = from; t < to; t = next_switch(p, disbursed, t)) {
		td_rate rate;
		int rc = programme_rate_loan(p, disbursed, t, flags, &rate, err);
		if (rc)
			return rc;
		if (n > 0 && out[n - 1].rate == rate)
			continue;
		if (n == cap)
			return td_error_set(err, TD_ETOOBIG, "more than %zu rate periods", cap);
		out[n++] = (struct prg_rate_period){.from = t, .rate = rate};
	}
	*count = n;
	return TD_OK;
}

int programme_loan_rate_periods(const struct prg_rate *rows, size_t n, td_date anchor,
				td_rate rate, uint32_t flags, td_date from, td_date to,
				struct prg_rate_period *out, size_t cap, size_t *count,
				struct td_error *err)
{
	/* The loan's own rate as a row in force on the anchor, followed by the programme's
	 * later rows: programme_rate_periods then applies R-RATE-1 as for any loan. */
	struct prg_rate synth[1 + PRG_RATE_PERIODS_MAX * 4];
	size_t k = 0;
	synth[k++] = (struct prg_rate){.effective_from = anchor,
				       .outstanding_from = PRG_DATE_NEVER,
				       .rate = rate,
				       .reduced_rate = rate};
	for (size_t i = 0; i < n; i++) {
		if (rows[i].effective_from <= anchor || rows[i].outstanding_from == PRG_DATE_NEVER)
			continue;
		if (k == sizeof synth / sizeof synth[0])
			return td_error_set(err, TD_ETOOBIG,
					    "more than %zu rate rows apply to outstanding balances",
					    k - 1);
		synth[k++] = rows[i];
	}
	struct programme p = {.code = "loan", .name_en = "loan", .rates = synth, .rate_count = k};
	return programme_rate_periods(&p, anchor, from, to, flags, out, cap, count, err);
}

int programme_grace(const struct programme *p, int study_months)
{
	if (p->term_kind == PRG_TERM_STUDY)
		return study_months + 12;
	return p->grace_months;
}

/* Definition checks, so that a row an administrator typed cannot break the rules above. */
static int check_rates(const struct programme *p, struct td_error *err)
{
	for (size_t i = 0; i < p->rate_count; i++) {
		const struct prg_rate *r = &p->rates[i];
		if (i > 0 && r->effective_from <= p->rates[i - 1].effective_from)
			return td_error_set(err, TD_EINVAL,
					    "programme %s: rate row %zu is not after row %zu",
					    p->code, i + 1, i);
		if (r->rate < 0 || r->rate > TD_RATE_SCALE || r->reduced_rate < 0 ||
		    r->reduced_rate > TD_RATE_SCALE)
			return td_error_set(err, TD_EINVAL,
					    "programme %s: rate row %zu is outside 0..100 %%",
					    p->code, i + 1);
		for (int k = 0; k < PRG_REDUCED_SETS_MAX; k++)
			if (r->reduced_for[k] & ~PRG_FLAGS_ALL)
				return td_error_set(
					err, TD_EINVAL,
					"programme %s: rate row %zu names unknown flags", p->code,
					i + 1);
	}
	return TD_OK;
}

static int check_caps(const struct programme *p, struct td_error *err)
{
	for (size_t i = 0; i < p->cap_count; i++) {
		const struct prg_cap *c = &p->caps[i];
		bool ok = (c->when & ~PRG_FLAGS_ALL) == 0 && c->amount >= 0 &&
			  c->amount <= TD_MONEY_MAX_INPUT;
		if (c->kind == PRG_CAP_CONTRACT_PCT || c->kind == PRG_CAP_ESTIMATE_PCT)
			ok = ok && c->pct > 0 && c->pct <= 100;
		else if (c->kind == PRG_CAP_FIXED || c->kind == PRG_CAP_PER_STUDY_MONTH ||
			 c->kind == PRG_CAP_PER_JOB)
			ok = ok && c->amount > 0;
		else
			ok = false;
		ok = ok && (unsigned)c->scope < PRG_CAP_SCOPE_COUNT;
		if (!ok)
			return td_error_set(err, TD_EINVAL, "programme %s: cap %zu is malformed",
					    p->code, i + 1);
	}
	return TD_OK;
}

int programme_check(const struct programme *p, struct td_error *err)
{
	if (!memchr(p->code, '\0', sizeof p->code) || !p->code[0])
		return td_error_set(err, TD_EINVAL, "programme code is empty or too long");
	if (!memchr(p->name_vi, '\0', sizeof p->name_vi) || !p->name_vi[0] ||
	    !memchr(p->name_en, '\0', sizeof p->name_en) || !p->name_en[0])
		return td_error_set(err, TD_EINVAL, "programme %s: a name is empty or too long",
				    p->code);
	if (p->valid_until <= p->valid_from)
		return td_error_set(err, TD_EINVAL,
				    "programme %s: valid_until is not after valid_from", p->code);
	if (p->overdue_pct < 100 || p->overdue_pct > INTEREST_OVERDUE_PCT_MAX)
		return td_error_set(err, TD_EINVAL,
				    "programme %s: overdue multiplier %d %% is outside 100..%d %%",
				    p->code, p->overdue_pct, INTEREST_OVERDUE_PCT_MAX);
	if (p->term_kind == PRG_TERM_FIXED &&
	    (p->max_term_months <= 0 || p->grace_months >= p->max_term_months))
		return td_error_set(err, TD_EINVAL,
				    "programme %s: max term %d months must be positive and above "
				    "the grace of %d months",
				    p->code, p->max_term_months, p->grace_months);
	if (p->grace_months < 0 || (unsigned)p->term_kind > PRG_TERM_CONTRACT)
		return td_error_set(err, TD_EINVAL, "programme %s: bad term kind or grace",
				    p->code);
	if (!p->statuses || (p->statuses & ~HH_ALL) ||
	    ((p->flags_all | p->flags_any) & ~PRG_FLAGS_ALL))
		return td_error_set(err, TD_EINVAL, "programme %s: bad eligible statuses or flags",
				    p->code);
	if ((unsigned)p->channel > PRG_DIRECT || p->collateral_above < PRG_NO_COLLATERAL ||
	    (unsigned)p->convention > INTEREST_30E360)
		return td_error_set(err, TD_EINVAL,
				    "programme %s: bad channel, collateral threshold or convention",
				    p->code);
	int rc = check_rates(p, err);
	return rc ? rc : check_caps(p, err);
}

static const char *const status_names[HH_STATUS_COUNT] = {"poor", "near_poor", "newly_escaped",
							  "none"};
static const char *const status_labels[HH_STATUS_COUNT] = {"hộ nghèo", "hộ cận nghèo",
							   "hộ mới thoát nghèo", "hộ khác"};
static const char *const flag_names[PRG_FLAG_COUNT] = {
	"ethnic_minority", "disabled",		"hard_area",	  "student",
	"worker_abroad",   "released_prisoner", "business",	  "rural",
	"social_housing",  "purpose_land",	"purpose_housing", "purpose_build"};
static const char *const flag_labels[PRG_FLAG_COUNT] = {"người dân tộc thiểu số",
							"người khuyết tật",
							"vùng khó khăn",
							"học sinh, sinh viên",
							"người lao động đi làm việc ở nước ngoài",
							"người chấp hành xong án phạt tù",
							"cơ sở sản xuất, kinh doanh",
							"khu vực nông thôn",
							"đối tượng nhà ở xã hội",
							"mục đích đất ở",
							"mục đích nhà ở",
							"mục đích xây dựng, sửa chữa nhà"};

const char *programme_status_name(enum hh_status s)
{
	return (unsigned)s < HH_STATUS_COUNT ? status_names[s] : "unknown";
}

const char *programme_status_label(enum hh_status s)
{
	return (unsigned)s < HH_STATUS_COUNT ? status_labels[s] : "không rõ";
}

int programme_status_parse(const char *s, enum hh_status *out, struct td_error *err)
{
	for (int i = 0; i < HH_STATUS_COUNT; i++)
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum hh_status)i;
			return TD_OK;
		}
	return td_error_set(err, TD_EINVAL,
			    "household status \"%s\": use poor, near_poor, newly_escaped or none",
			    s);
}

/* Index of a single flag bit, or -1. */
static int flag_index(uint32_t flag)
{
	for (int i = 0; i < PRG_FLAG_COUNT; i++)
		if (flag == (1u << i))
			return i;
	return -1;
}

const char *programme_flag_name(uint32_t flag)
{
	int i = flag_index(flag);
	return i < 0 ? "unknown" : flag_names[i];
}

const char *programme_flag_label(uint32_t flag)
{
	int i = flag_index(flag);
	return i < 0 ? "không rõ" : flag_labels[i];
}

int programme_flags_parse(const char *s, uint32_t *out, struct td_error *err)
{
	uint32_t flags = 0;
	while (*s) {
		size_t len = strcspn(s, ",");
		int found = -1;
		for (int i = 0; i < PRG_FLAG_COUNT && found < 0; i++)
			if (strlen(flag_names[i]) == len && memcmp(s, flag_names[i], len) == 0)
				found = i;
		if (found < 0)
			return td_error_set(err, TD_EINVAL,
					    "unknown flag \"%.*s\": use ethnic_minority, disabled, "
					    "hard_area, student, worker_abroad, released_prisoner, "
					    "business, rural, social_housing, purpose_land, "
					    "purpose_housing, purpose_build",
					    (int)len, s);
		flags |= 1u << found;
		s += len;
		if (*s == ',' && *++s == '\0')
			return td_error_set(err, TD_EINVAL, "flag list ends with a comma");
	}
	*out = flags;
	return TD_OK;
}

static const char *const cap_kind_names[PRG_CAP_KIND_COUNT] = {
	"fixed", "per_study_month", "contract_pct", "per_job", "estimate_pct"};
static const char *const cap_scope_names[PRG_CAP_SCOPE_COUNT] = {"loan", "borrower"};

const char *programme_cap_kind_name(enum prg_cap_kind k)
{
	return (unsigned)k < PRG_CAP_KIND_COUNT ? cap_kind_names[k] : "unknown";
}

int programme_cap_kind_parse(const char *s, enum prg_cap_kind *out, struct td_error *err)
{
	for (int i = 0; i < PRG_CAP_KIND_COUNT; i++)
		if (s && strcmp(s, cap_kind_names[i]) == 0) {
			*out = (enum prg_cap_kind)i;
			return TD_OK;
		}
	return td_error_set(err, TD_EINVAL,
			    "loại hạn mức \"%s\": dùng fixed, per_study_month, contract_pct, "
			    "per_job hoặc estimate_pct",
			    s ? s : "");
}

const char *programme_cap_scope_name(enum prg_cap_scope sc)
{
	return (unsigned)sc < PRG_CAP_SCOPE_COUNT ? cap_scope_names[sc] : "unknown";
}

int programme_cap_scope_parse(const char *s, enum prg_cap_scope *out, struct td_error *err)
{
	for (int i = 0; i < PRG_CAP_SCOPE_COUNT; i++)
		if (s && strcmp(s, cap_scope_names[i]) == 0) {
			*out = (enum prg_cap_scope)i;
			return TD_OK;
		}
	return td_error_set(err, TD_EINVAL,
			    "phạm vi hạn mức \"%s\": dùng loan (mỗi khoản vay) hoặc borrower "
			    "(tổng dư nợ của hộ trong chương trình)",
			    s ? s : "");
}
