/* `tindung calc schedule` and `tindung calc interest`: part A's schedule and interest rules
 * (R-DIS-1, R-INT-1, R-RATE-2) on figures typed by a person. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/calc_args.h"
#include "cli/calc_cmds.h"
#include "cli/cli.h"
#include "credit/interest.h"
#include "credit/schedule.h"

/* "30360" is accepted for 30E/360, the one 30/360 variant the interest module has. */
static int parse_convention(const char *cmd, const char *s, enum interest_convention *out)
{
	if (!s) {
		*out = INTEREST_ACT365;
		return CLI_OK;
	}
	if (strcmp(s, "30360") == 0) {
		*out = INTEREST_30E360;
		return CLI_OK;
	}
	struct td_error err = {0};
	if (interest_convention_parse(s, out, &err) != TD_OK)
		return cli_failf(cmd, "--convention: %s (30360 = 30e360)", err.msg);
	return CLI_OK;
}

static json_t *json_date(td_date d)
{
	char buf[TD_DATE_FMT_MAX];
	return json_string(date_format_iso(d, buf, sizeof buf));
}

static const char schedule_help[] =
    "Cách dùng: tindung calc schedule --amount SỐ_TIỀN --date YYYY-MM-DD --months N\n"
    "                                 --every M [--grace G] [--rate PCT]\n"
    "                                 [--convention act365|30360]\n"
    "Lịch trả nợ (R-DIS-1): kỳ hạn N tháng, trả gốc M tháng một lần, G tháng đầu không\n"
    "trả gốc. Gốc mỗi kỳ làm tròn xuống nghìn đồng, phần lẻ vào kỳ cuối. Với --rate (%/năm),\n"
    "mỗi kỳ có tiền lãi trên dư nợ giảm dần sau từng kỳ trả gốc (R-INT-1). In JSON.\n";

struct schedule_opts {
	struct schedule_params p;
	bool has_rate;
	td_rate rate;
	enum interest_convention conv;
};

static int schedule_parse(const char *cmd, const struct calc_args *a, struct schedule_opts *o)
{
	const char *amount, *date, *months, *every;
	const char *grace = calc_arg(a, "grace"), *rate = calc_arg(a, "rate");
	if (calc_positionals(cmd, a, 0, "") != CLI_OK || calc_need(cmd, a, "amount", &amount) ||
	    calc_need(cmd, a, "date", &date) || calc_need(cmd, a, "months", &months) ||
	    calc_need(cmd, a, "every", &every))
		return CLI_ERROR;
	*o = (struct schedule_opts){.has_rate = rate != NULL};
	if (calc_money(cmd, "--amount", amount, &o->p.amount) ||
	    calc_date(cmd, "--date", date, &o->p.disbursed) ||
	    calc_int(cmd, "--months", months, 1, SCHEDULE_TERM_MAX, &o->p.term_months) ||
	    calc_int(cmd, "--every", every, 1, SCHEDULE_INTERVAL_MAX, &o->p.interval_months) ||
	    (grace && calc_int(cmd, "--grace", grace, 0, SCHEDULE_TERM_MAX, &o->p.grace_months)) ||
	    (rate && calc_rate(cmd, "--rate", rate, &o->rate)) ||
	    parse_convention(cmd, calc_arg(a, "convention"), &o->conv))
		return CLI_ERROR;
	return CLI_OK;
}

static json_t *schedule_json(const struct schedule_opts *o, const struct schedule_item *items,
			     const struct schedule_period *periods, size_t n)
{
	json_t *doc = json_object(), *list = json_array();
	json_object_set_new(doc, "amount", json_integer(o->p.amount));
	json_object_set_new(doc, "disbursed", json_date(o->p.disbursed));
	json_object_set_new(doc, "maturity", json_date(schedule_maturity(&o->p)));
	if (o->has_rate) {
		char r[16];
		json_object_set_new(doc, "rate",
				    json_string(rate_format_percent(o->rate, r, sizeof r)));
		json_object_set_new(doc, "convention",
				    json_string(interest_convention_name(o->conv)));
	}
	td_money total_interest = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *it = json_object();
		json_object_set_new(it, "due", json_date(items[i].due));
		json_object_set_new(it, "principal", json_integer(items[i].principal));
		if (o->has_rate) {
			json_object_set_new(it, "interest", json_integer(periods[i].interest));
			/* Each period is at most the loan's interest, so the sum fits. */
			total_interest += periods[i].interest;
		}
		json_array_append_new(list, it);
	}
	json_object_set_new(doc, "instalments", list);
	json_object_set_new(doc, "total_principal", json_integer(o->p.amount));
	if (o->has_rate)
		json_object_set_new(doc, "total_interest", json_integer(total_interest));
	return doc;
}

int calc_schedule(int argc, char **argv)
{
	static const char cmd[] = "calc schedule";
	static const struct calc_spec spec[] = {{"amount", true, false},     {"date", true, false},
						{"months", true, false},     {"every", true, false},
						{"grace", true, false},	     {"rate", true, false},
						{"convention", true, false}, {NULL, false, false}};
	struct calc_args a;
	if (calc_args_parse(cmd, argc, argv, spec, &a) != CLI_OK)
		return CLI_ERROR;
	if (a.help)
		return fputs(schedule_help, stdout), CLI_OK;
	struct schedule_opts o;
	if (schedule_parse(cmd, &a, &o) != CLI_OK)
		return CLI_ERROR;
	struct td_error err = {0};
	size_t n = 0;
	if (schedule_count(&o.p, &n, &err) != TD_OK)
		return cli_fail(cmd, &err);
	struct schedule_item *items = calloc(n, sizeof *items);
	struct schedule_period *periods = calloc(n, sizeof *periods);
	int rc = CLI_ERROR;
	if (!items || !periods)
		cli_failf(cmd, "out of memory");
	else if (schedule_build(&o.p, items, n, &n, &err) != TD_OK ||
		 (o.has_rate &&
		  schedule_interest(&o.p, items, n, o.rate, o.conv, periods, &err) != TD_OK))
		cli_fail(cmd, &err);
	else
		rc = calc_print_json(cmd, schedule_json(&o, items, periods, n));
	free(items);
	free(periods);
	return rc;
}

static const char interest_help[] =
    "Cách dùng: tindung calc interest --principal SỐ_TIỀN --rate PCT --from NGÀY --to NGÀY\n"
    "                                 [--convention act365|30360]\n"
    "                                 [--state in_term|overdue|frozen]\n"
    "Tiền lãi (đồng) của một số dư từ ngày --from đến trước ngày --to (R-INT-1), làm tròn\n"
    "một lần. overdue: 130% lãi suất (R-RATE-2); frozen: nợ khoanh, không tính lãi.\n";

int calc_interest(int argc, char **argv)
{
	static const char cmd[] = "calc interest";
	static const struct calc_spec spec[] = {{"principal", true, false},  {"rate", true, false},
						{"from", true, false},	     {"to", true, false},
						{"convention", true, false}, {"state", true, false},
						{NULL, false, false}};
	struct calc_args a;
	if (calc_args_parse(cmd, argc, argv, spec, &a) != CLI_OK)
		return CLI_ERROR;
	if (a.help)
		return fputs(interest_help, stdout), CLI_OK;
	const char *principal, *rate, *from, *to, *state = calc_arg(&a, "state");
	td_money p;
	td_rate r;
	td_date d1, d2;
	enum interest_convention conv;
	enum balance_state st = BALANCE_IN_TERM;
	struct td_error err = {0};
	if (calc_positionals(cmd, &a, 0, "") || calc_need(cmd, &a, "principal", &principal) ||
	    calc_need(cmd, &a, "rate", &rate) || calc_need(cmd, &a, "from", &from) ||
	    calc_need(cmd, &a, "to", &to) || calc_money(cmd, "--principal", principal, &p) ||
	    calc_rate(cmd, "--rate", rate, &r) || calc_date(cmd, "--from", from, &d1) ||
	    calc_date(cmd, "--to", to, &d2) ||
	    parse_convention(cmd, calc_arg(&a, "convention"), &conv))
		return CLI_ERROR;
	if (state && balance_state_parse(state, &st, &err) != TD_OK)
		return cli_failf(cmd, "--state: %s", err.msg);
	td_money interest;
	if (interest_simple(p, r, d1, d2, conv, st, INTEREST_OVERDUE_PCT_DEFAULT, &interest,
			    &err) != TD_OK)
		return cli_fail(cmd, &err);
	printf("%lld\n", (long long)interest);
	return CLI_OK;
}
