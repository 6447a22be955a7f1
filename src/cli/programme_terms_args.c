/* Options of `tindung programme terms` and the terms as people read them. */
#include "cli/programme_terms_args.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli/org_args.h"
#include "cli/human.h"

static int whole(const char *opt, const char *s, int *out, struct td_error *err)
{
	char *end = NULL;
	long v = s ? strtol(s, &end, 10) : -1;
	if (!s) {
		*out = -1;
		return TD_OK;
	}
	if (!*s || *end || v < 0 || v > 100000)
		return td_error_set(err, TD_EINVAL, "--%s: cần số nguyên từ 0, không phải '%s'",
				    opt, s);
	*out = (int)v;
	return TD_OK;
}

/* One token of a cap: "70%" a percentage, a number an amount, else flags. */
static int cap_token(const char *t, struct prg_cap *c, struct td_error *err)
{
	size_t n = strlen(t);
	if (n > 1 && t[n - 1] == '%') {
		char *end = NULL;
		long v = strtol(t, &end, 10);
		if (end != t + n - 1 || v <= 0 || v > 100)
			return td_error_set(err, TD_EINVAL, "tỷ lệ '%s': cần 1%%..100%%", t);
		c->pct = (int)v;
		return TD_OK;
	}
	if (t[0] >= '0' && t[0] <= '9')
		return money_parse(t, &c->amount, err);
	return programme_flags_parse(t, &c->when, err);
}

static int cap_parse(const char *spec, struct prg_cap *c, struct td_error *err)
{
	char copy[256];
	snprintf(copy, sizeof copy, "%s", spec);
	*c = (struct prg_cap){0};
	char *save = NULL, *scope = strtok_r(copy, " ", &save), *kind = strtok_r(NULL, " ", &save);
	int rc = programme_cap_scope_parse(scope, &c->scope, err);
	if (rc == TD_OK)
		rc = programme_cap_kind_parse(kind, &c->kind, err);
	for (char *t = strtok_r(NULL, " ", &save); rc == TD_OK && t; t = strtok_r(NULL, " ", &save))
		rc = cap_token(t, c, err);
	return rc == TD_OK ? TD_OK : td_error_prefix(err, "--cap \"%s\": ", spec);
}

static int yes_no(const char *opt, const char *s, int *out, struct td_error *err)
{
	*out = -1;
	if (!s)
		return TD_OK;
	if (strcmp(s, "yes") == 0 || strcmp(s, "no") == 0) {
		*out = strcmp(s, "yes") == 0;
		return TD_OK;
	}
	return td_error_set(err, TD_EINVAL, "--%s là yes hoặc no, không phải '%s'", opt, s);
}

int prg_terms_parse(const char *const *v, const char *const *specs, int nspecs,
		    struct prg_cap *caps, struct programme_terms_input *in, struct td_error *err)
{
	*in = (struct programme_terms_input){.effective_from = ORG_NO_DATE,
					     .source = v['s'],
					     .channel = v['k'],
					     .collateral_above = PROGRAMME_KEEP,
					     .statuses = v['S'],
					     .flags_all = v['A'],
					     .flags_any = v['Y']};
	int rc = v['f'] ? date_parse_any(v['f'], &in->effective_from, err)
			: td_error_set(err, TD_EINVAL, "cần --from (ngày hiệu lực)");
	if (rc == TD_OK)
		rc = whole("max-term", v['m'], &in->max_term_months, err);
	if (rc == TD_OK)
		rc = whole("grace", v['g'], &in->grace_months, err);
	if (rc == TD_OK)
		rc = whole("overdue-pct", v['p'], &in->overdue_pct, err);
	if (rc == TD_OK)
		rc = yes_no("roll-forward", v['w'], &in->roll_forward, err);
	if (rc == TD_OK && v['c'] && strcmp(v['c'], "none") == 0)
		in->collateral_above = PRG_NO_COLLATERAL;
	else if (rc == TD_OK && v['c'])
		rc = money_parse(v['c'], &in->collateral_above, err);
	for (int i = 0; rc == TD_OK && i < nspecs; i++)
		rc = cap_parse(specs[i], &caps[i], err);
	if (nspecs > 0) {
		in->caps = caps;
		in->ncaps = (size_t)nspecs;
	}
	return rc;
}

/* Statuses or flags by their Vietnamese labels. */
static void print_names(FILE *f, const char *label, json_t *a, bool statuses)
{
	size_t i;
	json_t *v;
	fprintf(f, "  %s:", label);
	json_array_foreach(a, i, v)
	{
		const char *name = json_string_value(v);
		enum hh_status st;
		uint32_t flag = 0;
		const char *vi = name;
		if (statuses && programme_status_parse(name, &st, NULL) == TD_OK)
			vi = programme_status_label(st);
		else if (!statuses && programme_flags_parse(name, &flag, NULL) == TD_OK)
			vi = programme_flag_label(flag);
		fprintf(f, "%s %s", i ? "," : "", vi);
	}
	fputc('\n', f);
}

static const char *kind_label(const char *kind)
{
	static const char *const labels[PRG_CAP_KIND_COUNT] = {
		[PRG_CAP_FIXED] = "tối đa",
		[PRG_CAP_PER_STUDY_MONTH] = "mỗi tháng học",
		[PRG_CAP_CONTRACT_PCT] = "theo giá trị hợp đồng",
		[PRG_CAP_PER_JOB] = "mỗi lao động được tạo việc làm",
		[PRG_CAP_ESTIMATE_PCT] = "theo dự toán và tài sản bảo đảm"};
	enum prg_cap_kind k;
	return programme_cap_kind_parse(kind, &k, NULL) == TD_OK ? labels[k] : kind;
}

void prg_print_terms(FILE *f, json_t *p)
{
	char d[HUMAN_MAX], m[TD_MONEY_FMT_MAX];
	json_t *coll = json_object_get(p, "collateral_above");
	fprintf(f, "Điều kiện cho vay từ %s (%s):\n",
		human_date(json_string_value(json_object_get(p, "terms_from")), d),
		strcmp(json_string_value(json_object_get(p, "channel")), "direct") == 0
			? "cho vay trực tiếp"
			: "ủy thác qua tổ TK&VV");
	fprintf(f, "  thời hạn tối đa %lld tháng, ân hạn gốc %lld tháng, lãi quá hạn %lld %%, %s\n",
		(long long)json_integer_value(json_object_get(p, "max_term_months")),
		(long long)json_integer_value(json_object_get(p, "grace_months")),
		(long long)json_integer_value(json_object_get(p, "overdue_pct")),
		json_is_true(json_object_get(p, "roll_forward"))
			? "kỳ trả chưa trả dồn sang kỳ sau"
			: "kỳ trả chưa trả chuyển quá hạn");
	if (json_is_integer(coll))
		fprintf(f, "  tài sản bảo đảm khi vay trên %s đồng\n",
			money_format(json_integer_value(coll), m, sizeof m));
	print_names(f, "đối tượng", json_object_get(p, "statuses"), true);
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(p, "caps"), i, c)
	{
		const char *scope = json_string_value(json_object_get(c, "scope"));
		fprintf(f, "  hạn mức %s: %s",
			strcmp(scope, "borrower") == 0 ? "mỗi hộ" : "mỗi món",
			kind_label(json_string_value(json_object_get(c, "kind"))));
		json_int_t amount = json_integer_value(json_object_get(c, "amount"));
		json_int_t pct = json_integer_value(json_object_get(c, "pct"));
		if (pct)
			fprintf(f, " %lld %%", (long long)pct);
		if (amount)
			fprintf(f, " %s đồng", money_format(amount, m, sizeof m));
		json_t *when = json_object_get(c, "when");
		if (json_array_size(when))
			print_names(f, " khi", when, false);
		else
			fputc('\n', f);
	}
}
