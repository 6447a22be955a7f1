/* `tindung calc fee | commission | score`: R-FEE-1, R-FEE-2 and the group score (DOMAIN.md
 * §8) with the parameters in force on --date (calc_db.h). */
#include <stdio.h>
#include <string.h>

#include "bank/param.h"
#include "cli/calc_args.h"
#include "cli/calc_cmds.h"
#include "cli/calc_db.h"
#include "cli/cli.h"
#include "credit/fee.h"
#include "credit/score.h"

/* 8000 bp -> "80", 450 -> "4.5", 1 -> "0.01". */
static json_t *json_percent_bp(int32_t bp)
{
	char buf[24];
	if (bp % 100 == 0)
		snprintf(buf, sizeof buf, "%d", bp / 100);
	else if (bp % 10 == 0)
		snprintf(buf, sizeof buf, "%d.%d", bp / 100, bp % 100 / 10);
	else
		snprintf(buf, sizeof buf, "%d.%02d", bp / 100, bp % 100);
	return json_string(buf);
}

/* An optional amount: 0 when absent. */
static int money_or_zero(const char *cmd, const struct calc_args *a, const char *name,
			 td_money *out)
{
	const char *s = calc_arg(a, name);
	char opt[48];
	snprintf(opt, sizeof opt, "--%s", name);
	*out = 0;
	return s ? calc_money(cmd, opt, s, out) : CLI_OK;
}

static const char fee_help[] =
    "Cách dùng: tindung calc fee --base SỐ_TIỀN --outstanding SỐ_TIỀN [--overdue SỐ_TIỀN]\n"
    "                      [--programme MÃ] [--date YYYY-MM-DD] [--db URL]\n"
    "Phí ủy thác một tháng của một tổ chức hội (R-FEE-1): tỷ lệ phí %/tháng của chương\n"
    "trình (--programme; không có: tỷ lệ chung) trên dư nợ có thu được lãi (--base); tỷ lệ\n"
    "được trả theo nợ quá hạn/dư nợ (--overdue/--outstanding; --overdue là gốc quá hạn,\n"
    "không phải cả dư nợ của khoản vay có nợ quá hạn) và phân chia xã, huyện,\n"
    "tỉnh, trung ương (phần lẻ cho cấp xã) là các tham số có hiệu lực ngày --date\n"
    "(tindung param list; mặc định ngày làm việc của cơ sở dữ liệu). In JSON.\n";

/* The rate `name` of programme (or the general one) on the calculator's day. */
static int rate_of(const char *cmd, struct calc_db *db, const char *name, const char *prog,
		   td_rate *out)
{
	struct td_error err = {0};
	if (param_rate(&db->ctx, name, prog, db->day, out, &err) != TD_OK)
		return cli_fail(cmd, &err);
	return CLI_OK;
}

int calc_fee(int argc, char **argv)
{
	static const char cmd[] = "calc fee";
	static const struct calc_spec spec[] = {
	    {"base", true, false},	{"outstanding", true, false}, {"overdue", true, false},
	    {"programme", true, false}, {"date", true, false},	      {"db", true, false},
	    {NULL, false, false}};
	struct calc_args a;
	if (calc_args_parse(cmd, argc, argv, spec, &a) != CLI_OK)
		return CLI_ERROR;
	if (a.help)
		return fputs(fee_help, stdout), CLI_OK;
	const char *s;
	struct fee_part part = {0};
	struct fee_chapter_month in = {.parts = &part, .nparts = 1};
	if (calc_positionals(cmd, &a, 0, "") || calc_need(cmd, &a, "base", &s) ||
	    calc_money(cmd, "--base", s, &part.base) || calc_need(cmd, &a, "outstanding", &s) ||
	    calc_money(cmd, "--outstanding", s, &in.outstanding) ||
	    money_or_zero(cmd, &a, "overdue", &in.overdue))
		return CLI_ERROR;
	struct calc_db db;
	if (calc_db_open(cmd, &a, &db) != CLI_OK)
		return CLI_ERROR;
	struct fee_params p;
	struct fee_result r;
	struct td_error err = {0};
	int rc = rate_of(cmd, &db, "fee.rate", calc_arg(&a, "programme"), &part.rate_ppm_month);
	if (rc == CLI_OK && (param_fee(&db.ctx, db.day, &p, &err) != TD_OK ||
			     fee_entrustment(&p, &in, &r, &err) != TD_OK))
		rc = cli_fail(cmd, &err);
	calc_db_close(&db);
	if (rc != CLI_OK)
		return rc;
	char pct[32];
	json_t *doc = json_object(), *split = json_object();
	json_object_set_new(doc, "rate_percent_month",
			    json_string(rate_format_percent(part.rate_ppm_month, pct, sizeof pct)));
	json_object_set_new(doc, "gross", json_integer(r.gross));
	json_object_set_new(doc, "paid_percent", json_percent_bp(r.paid_bp));
	json_object_set_new(doc, "payable", json_integer(r.payable));
	for (int l = 0; l < FEE_LEVEL_COUNT; l++)
		json_object_set_new(split, fee_level_name(l), json_integer(r.split[l]));
	json_object_set_new(doc, "split", split);
	return calc_print_json(cmd, doc);
}

static const char commission_help[] =
    "Cách dùng: tindung calc commission --base SỐ_TIỀN [--programme MÃ] [--rate PCT]\n"
    "                             [--date YYYY-MM-DD] [--db URL]\n"
    "Hoa hồng tổ trưởng một tháng (R-FEE-2): tỷ lệ hoa hồng %/tháng của chương trình\n"
    "(--programme; không có: tỷ lệ chung) có hiệu lực ngày --date, hoặc --rate, trên dư nợ\n"
    "trong hạn có thu được lãi trong tháng (--base), làm tròn đến đồng.\n";

int calc_commission(int argc, char **argv)
{
	static const char cmd[] = "calc commission";
	static const struct calc_spec spec[] = {
	    {"base", true, false}, {"programme", true, false}, {"rate", true, false},
	    {"date", true, false}, {"db", true, false},	       {NULL, false, false}};
	struct calc_args a;
	if (calc_args_parse(cmd, argc, argv, spec, &a) != CLI_OK)
		return CLI_ERROR;
	if (a.help)
		return fputs(commission_help, stdout), CLI_OK;
	const char *base, *rate = calc_arg(&a, "rate");
	struct fee_part part = {0};
	if (calc_positionals(cmd, &a, 0, "") || calc_need(cmd, &a, "base", &base) ||
	    calc_money(cmd, "--base", base, &part.base) ||
	    (rate && calc_rate(cmd, "--rate", rate, &part.rate_ppm_month)))
		return CLI_ERROR;
	int rc = CLI_OK;
	if (!rate) {
		struct calc_db db;
		if (calc_db_open(cmd, &a, &db) != CLI_OK)
			return CLI_ERROR;
		rc = rate_of(cmd, &db, "commission.rate", calc_arg(&a, "programme"),
			     &part.rate_ppm_month);
		calc_db_close(&db);
	}
	td_money out = 0;
	struct td_error err = {0};
	if (rc == CLI_OK && fee_leader_commission(&part, 1, &out, &err) != TD_OK)
		rc = cli_fail(cmd, &err);
	if (rc == CLI_OK)
		printf("%lld\n", (long long)out);
	return rc;
}

static const char score_help[] =
    "Cách dùng: tindung calc score --members N [--members-saving N]\n"
    "       [--outstanding SỐ_TIỀN] [--overdue SỐ_TIỀN]\n"
    "       [--interest-due SỐ_TIỀN] [--interest-collected SỐ_TIỀN]\n"
    "       [--moved SỐ_TIỀN] [--moved-at-point SỐ_TIỀN]\n"
    "       [--principal-due SỐ_TIỀN] [--principal-collected SỐ_TIỀN]\n"
    "       [--savings-start SỐ_TIỀN] [--savings-end SỐ_TIỀN]\n"
    "       [--date YYYY-MM-DD] [--db URL]\n"
    "Chấm điểm tổ TK&VV trên 100 điểm và xếp loại Tốt/Khá/Trung bình/Yếu (DOMAIN.md §8,\n"
    "cách tính từng tiêu chí: src/credit/score.h) với trọng số, mốc và ngưỡng xếp loại có\n"
    "hiệu lực ngày --date (tindung param list). --overdue: nợ quá hạn (gốc quá hạn).\n"
    "Số tiền vắng mặt là 0. In JSON.\n";

static const char *const score_amounts[] = {
    "outstanding",    "overdue",       "interest-due",	      "interest-collected", "moved",
    "moved-at-point", "principal-due", "principal-collected", "savings-start",	    "savings-end",
};

static int score_parse(const char *cmd, const struct calc_args *a, struct score_input *in)
{
	td_money *dst[] = {
	    &in->outstanding,	&in->overdue,	     &in->interest_due,	 &in->interest_collected,
	    &in->moved_total,	&in->moved_at_point, &in->principal_due, &in->principal_collected,
	    &in->savings_start, &in->savings_end};
	for (size_t i = 0; i < sizeof dst / sizeof dst[0]; i++)
		if (money_or_zero(cmd, a, score_amounts[i], dst[i]))
			return CLI_ERROR;
	const char *members, *saving = calc_arg(a, "members-saving");
	if (calc_need(cmd, a, "members", &members) ||
	    calc_int(cmd, "--members", members, 1, 1000, &in->members) ||
	    (saving && calc_int(cmd, "--members-saving", saving, 0, 1000, &in->members_saving)))
		return CLI_ERROR;
	return CLI_OK;
}

int calc_score(int argc, char **argv)
{
	static const char cmd[] = "calc score";
	struct calc_spec spec[sizeof score_amounts / sizeof score_amounts[0] + 5] = {
	    {"members", true, false},
	    {"members-saving", true, false},
	    {"date", true, false},
	    {"db", true, false}};
	for (size_t i = 0; i < sizeof score_amounts / sizeof score_amounts[0]; i++)
		spec[i + 4] = (struct calc_spec){score_amounts[i], true, false};
	struct calc_args a;
	if (calc_args_parse(cmd, argc, argv, spec, &a) != CLI_OK)
		return CLI_ERROR;
	if (a.help)
		return fputs(score_help, stdout), CLI_OK;
	struct score_input in = {0};
	if (calc_positionals(cmd, &a, 0, "") || score_parse(cmd, &a, &in))
		return CLI_ERROR;
	struct calc_db db;
	if (calc_db_open(cmd, &a, &db) != CLI_OK)
		return CLI_ERROR;
	struct score_params p;
	struct score_result r;
	struct td_error err = {0};
	int rc = param_score(&db.ctx, db.day, &p, &err) == TD_OK &&
			 score_group(&p, &in, &r, &err) == TD_OK
		     ? CLI_OK
		     : cli_fail(cmd, &err);
	calc_db_close(&db);
	if (rc != CLI_OK)
		return rc;
	json_t *doc = json_object(), *points = json_object();
	for (int c = 0; c < SCORE_CRITERIA; c++)
		json_object_set_new(points, score_criterion_name(c), json_integer(r.points[c]));
	json_object_set_new(doc, "points", points);
	json_object_set_new(doc, "total", json_integer(r.total));
	json_object_set_new(doc, "grade", json_string(score_grade_name(r.grade)));
	return calc_print_json(cmd, doc);
}
