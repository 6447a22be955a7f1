/* `tindung calc eligibility`: part A's eligibility rules (R-PRG-1, R-HH-4) against the
 * seed programmes of DOMAIN.md §3. */
#include <stdio.h>
#include <string.h>

#include "cli/calc_args.h"
#include "cli/calc_cmds.h"
#include "cli/cli.h"
#include "credit/eligibility.h"
#include "credit/programme.h"

static const char eligibility_help[] =
    "Cách dùng: tindung calc eligibility --programme MÃ --status TÌNH_TRẠNG\n"
    "                                    --amount SỐ_TIỀN --months N [--flag CỜ ...]\n"
    "                                    [--date YYYY-MM-DD] [--study-months N]\n"
    "                                    [--contract-months N] [--contract-value SỐ_TIỀN]\n"
    "Xét điều kiện vay theo chương trình (bảng chương trình gốc, DOMAIN.md §3).\n"
    "In \"eligible\" (mã thoát 0) hoặc từng điều kiện không đạt, mỗi dòng \"mã: lý do\"\n"
    "(mã thoát 1). Yêu cầu không chặn khoản vay (tài sản bảo đảm) in sau \"eligible\".\n"
    "  --status   poor | near_poor | newly_escaped | none (tình trạng hộ vào ngày vay)\n"
    "  --flag     ethnic_minority, disabled, hard_area, student, worker_abroad,\n"
    "             released_prisoner, business, rural, social_housing, purpose_land,\n"
    "             purpose_housing; lặp lại hoặc ngăn bằng dấu phẩy\n"
    "  --date     ngày nộp hồ sơ; mặc định hôm nay\n";

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

static int parse_application(const char *cmd, const struct calc_args *a,
			     struct elig_application *app)
{
	const char *status, *amount, *months, *date = calc_arg(a, "date");
	const char *study = calc_arg(a, "study-months"), *cm = calc_arg(a, "contract-months");
	const char *cv = calc_arg(a, "contract-value");
	struct td_error err = {0};
	*app = (struct elig_application){0};
	if (calc_need(cmd, a, "status", &status) || calc_need(cmd, a, "amount", &amount) ||
	    calc_need(cmd, a, "months", &months))
		return CLI_ERROR;
	if (programme_status_parse(status, &app->status, &err) != TD_OK)
		return cli_failf(cmd, "--status: %s", err.msg);
	if (calc_money(cmd, "--amount", amount, &app->amount) ||
	    calc_int(cmd, "--months", months, 0, ELIG_MONTHS_INPUT_MAX, &app->term_months) ||
	    parse_flags(cmd, a, &app->flags) ||
	    calc_date_or_today(cmd, date, &app->date) ||
	    (study && calc_int(cmd, "--study-months", study, 0, ELIG_MONTHS_INPUT_MAX,
			       &app->study_months)) ||
	    (cm && calc_int(cmd, "--contract-months", cm, 0, ELIG_MONTHS_INPUT_MAX,
			    &app->contract_months)) ||
	    (cv && calc_money(cmd, "--contract-value", cv, &app->contract_value)))
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
						{NULL, false, false}};
	struct calc_args a;
	if (calc_args_parse(cmd, argc, argv, spec, &a) != CLI_OK)
		return CLI_ERROR;
	if (a.help)
		return fputs(eligibility_help, stdout), CLI_OK;
	const char *code;
	if (calc_positionals(cmd, &a, 0, "") || calc_need(cmd, &a, "programme", &code))
		return CLI_ERROR;
	size_t count;
	const struct programme *table = programme_seed(&count), *p;
	struct td_error err = {0};
	if (programme_lookup(table, count, code, &p, &err) != TD_OK)
		return cli_failf(cmd, "--programme: %s", err.msg);
	struct elig_application app;
	if (parse_application(cmd, &a, &app) != CLI_OK)
		return CLI_ERROR;
	struct elig_result r;
	if (eligibility_judge(p, &app, &r, &err) != TD_OK)
		return cli_fail(cmd, &err);
	if (r.eligible)
		puts("eligible");
	for (size_t i = 0; i < r.count; i++)
		printf("%s: %s\n", eligibility_code_name(r.reasons[i].code), r.reasons[i].msg);
	return r.eligible ? CLI_OK : CLI_NO;
}
