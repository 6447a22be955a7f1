/* `tindung calc eligibility`: the eligibility rules (R-PRG-1, R-HH-4) against a programme
 * with its terms in force on the application date (calc_db.h: the database's, or the seed
 * of a fresh install). */
#include <stdio.h>
#include <string.h>

#include "bank/programme_db.h"
#include "cli/calc_args.h"
#include "cli/calc_cmds.h"
#include "cli/calc_db.h"
#include "cli/cli.h"
#include "credit/eligibility.h"
#include "credit/programme.h"

static const char eligibility_help[] =
    "Cách dùng: tindung calc eligibility --programme MÃ --status TÌNH_TRẠNG\n"
    "                                    --amount SỐ_TIỀN --months N [--flag CỜ ...]\n"
    "                                    [--date YYYY-MM-DD] [--study-months N]\n"
    "                                    [--contract-months N] [--contract-value SỐ_TIỀN]\n"
    "                                    [--jobs N] [--estimate SỐ_TIỀN]\n"
    "                                    [--collateral-value SỐ_TIỀN] [--owed SỐ_TIỀN]\n"
    "                                    [--db URL]\n"
    "Xét điều kiện vay theo chương trình, với điều kiện cho vay (hạn mức, thời hạn, ân hạn)\n"
    "có hiệu lực ngày nộp hồ sơ: của cơ sở dữ liệu (--db, TINDUNG_DB, var/tindung.db),\n"
    "hoặc số liệu gốc của một cơ sở dữ liệu mới khi chưa có (docs/parameters.md).\n"
    "In \"eligible\" (mã thoát 0) hoặc từng điều kiện không đạt, mỗi dòng \"mã: lý do\"\n"
    "(mã thoát 1). Yêu cầu không chặn khoản vay (tài sản bảo đảm) in sau \"eligible\".\n"
    "  --status   poor | near_poor | newly_escaped | none (tình trạng hộ vào ngày vay)\n"
    "  --flag     ethnic_minority, disabled, hard_area, student, worker_abroad,\n"
    "             released_prisoner, business, rural, social_housing, purpose_land,\n"
    "             purpose_housing, purpose_build; lặp lại hoặc ngăn bằng dấu phẩy\n"
    "  --date     ngày nộp hồ sơ; mặc định ngày làm việc của cơ sở dữ liệu\n"
    "  --jobs     số lao động được tạo, duy trì việc làm (chương trình 3)\n"
    "  --estimate, --collateral-value   dự toán, giá trị tài sản bảo đảm (chương trình 12)\n"
    "  --owed     dư nợ hiện có của hộ trong chương trình (hạn mức mỗi hộ)\n";

static int parse_flags(const char *cmd, const struct calc_args *a, uint32_t *flags)
{
	*flags = 0;
	for (int i = 0; i < a->nopt; i++) {
		if (strcmp(a->opt[i].name, "flag") != 0)
			continue;
		uint32_t f;
		struct td_error err = {0};
		if (programme_flags_parse(a->opt[i].value, &f, &err) != TD_OK)
			return cli_failf(cmd, "--flag: %s", err.msg);
		*flags |= f;
	}
	return CLI_OK;
}

/* An optional amount into *out (left as is when absent). */
static int money_opt(const char *cmd, const struct calc_args *a, const char *name, td_money *out)
{
	const char *v = calc_arg(a, name);
	char opt[48];
	snprintf(opt, sizeof opt, "--%s", name);
	return v ? calc_money(cmd, opt, v, out) : CLI_OK;
}

static int parse_application(const char *cmd, const struct calc_args *a, td_date day,
			     struct elig_application *app)
{
	const char *status, *amount, *months;
	const char *study = calc_arg(a, "study-months"), *cm = calc_arg(a, "contract-months");
	const char *jobs = calc_arg(a, "jobs");
	struct td_error err = {0};
	*app = (struct elig_application){.date = day};
	if (calc_need(cmd, a, "status", &status) || calc_need(cmd, a, "amount", &amount) ||
	    calc_need(cmd, a, "months", &months))
		return CLI_ERROR;
	if (programme_status_parse(status, &app->status, &err) != TD_OK)
		return cli_failf(cmd, "--status: %s", err.msg);
	if (calc_money(cmd, "--amount", amount, &app->amount) ||
	    calc_int(cmd, "--months", months, 0, ELIG_MONTHS_INPUT_MAX, &app->term_months) ||
	    parse_flags(cmd, a, &app->flags) ||
	    (study && calc_int(cmd, "--study-months", study, 0, ELIG_MONTHS_INPUT_MAX,
			       &app->study_months)) ||
	    (cm && calc_int(cmd, "--contract-months", cm, 0, ELIG_MONTHS_INPUT_MAX,
			    &app->contract_months)) ||
	    (jobs && calc_int(cmd, "--jobs", jobs, 0, ELIG_JOBS_INPUT_MAX, &app->jobs)) ||
	    money_opt(cmd, a, "contract-value", &app->contract_value) ||
	    money_opt(cmd, a, "estimate", &app->estimate_value) ||
	    money_opt(cmd, a, "collateral-value", &app->collateral_value) ||
	    money_opt(cmd, a, "owed", &app->exposure))
		return CLI_ERROR;
	return CLI_OK;
}

int calc_eligibility(int argc, char **argv)
{
	static const char cmd[] = "calc eligibility";
	static const struct calc_spec spec[] = {{"programme", true, false},
						{"status", true, false},
						{"amount", true, false},
						{"months", true, false},
						{"flag", true, true},
						{"date", true, false},
						{"study-months", true, false},
						{"contract-months", true, false},
						{"contract-value", true, false},
						{"jobs", true, false},
						{"estimate", true, false},
						{"collateral-value", true, false},
						{"owed", true, false},
						{"db", true, false},
						{NULL, false, false}};
	struct calc_args a;
	if (calc_args_parse(cmd, argc, argv, spec, &a) != CLI_OK)
		return CLI_ERROR;
	if (a.help)
		return fputs(eligibility_help, stdout), CLI_OK;
	const char *code;
	if (calc_positionals(cmd, &a, 0, "") || calc_need(cmd, &a, "programme", &code))
		return CLI_ERROR;
	struct calc_db db;
	if (calc_db_open(cmd, &a, &db) != CLI_OK)
		return CLI_ERROR;
	struct td_error err = {0};
	struct programme_db p;
	struct elig_application app;
	struct elig_result r;
	int rc = parse_application(cmd, &a, db.day, &app);
	if (rc == CLI_OK && programme_db_load(&db.ctx, code, db.day, &p, &err) != TD_OK)
		rc = cli_failf(cmd, "--programme: %s", err.msg);
	else if (rc == CLI_OK) {
		if (eligibility_judge(&p.p, &app, &r, &err) != TD_OK)
			rc = cli_fail(cmd, &err);
		programme_db_free(&p);
	}
	calc_db_close(&db);
	if (rc != CLI_OK)
		return rc;
	if (r.eligible)
		puts("eligible");
	for (size_t i = 0; i < r.count; i++)
		printf("%s: %s\n", eligibility_code_name(r.reasons[i].code), r.reasons[i].msg);
	return r.eligible ? CLI_OK : CLI_NO;
}
