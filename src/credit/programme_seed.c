/*
 * The seed table of DOMAIN.md §3: what a fresh install starts with. Data, not code: an
 * administrator edits these rows (new rate rows with their effective dates) in the database;
 * nothing else in src/credit knows a programme's figures.
 *
 * SEED_FROM is the day the seed figures count from in a fresh install. It is NOT the date of
 * the decisions that set them: record the real history (rate rows with their dates) when
 * importing older loans.
 *
 * Each programme's source (the decision that sets its figures) and the choices DOMAIN.md
 * leaves open are listed in docs/parameters.md; in short:
 * - programme 3: a worker borrows up to 100 M (per borrower); a BUSINESS up to 2 bn and at
 *   most 100 M per worker whose job the loan creates or keeps; loans above 100 M need
 *   collateral.
 * - programme 2: 4 M per month of study; term = study + 12 months + repayment of at most the
 *   study time; no principal until 12 months after the studies (programme_grace).
 * - programme 4: lent directly (not through groups), up to the contract's cost and term;
 *   collateral above 100 M.
 * - programme 6: 25 M per facility (per loan) and 50 M per household.
 * - programme 7 (Decision 33/2015): 25 M, 15 years, no principal for the first 5.
 * - programme 12: buying: 80 % of the contract, at most 1 bn; building or repairing: 70 % of
 *   the estimate and of the collateral's value; lent directly against the house.
 * - programme 25: the purpose picks the cap per loan (land 50 M, housing 40 M); 60 months
 *   without principal.
 * - programme 99: no rate, so it cannot lend until an administrator adds a rate row.
 */
#include "credit/programme.h"

/* Day number of a civil date as a constant expression (days_from_civil, y >= 1), so that
 * the table can be static const. tests/credit/test_programme.c checks it against base. */
#define SEED_Y(y, m) ((y) - ((m) <= 2))
#define SEED_DOY(m, d) ((153 * ((m) + ((m) > 2 ? -3 : 9)) + 2) / 5 + (d)-1)
#define SEED_DOE(y, m, d)                                                                          \
	((SEED_Y(y, m) % 400) * 365 + (SEED_Y(y, m) % 400) / 4 - (SEED_Y(y, m) % 400) / 100 +      \
	 SEED_DOY(m, d))
#define SEED_DAY(y, m, d) ((td_date)((SEED_Y(y, m) / 400) * 146097 + SEED_DOE(y, m, d) - 719468))

#define SEED_FROM SEED_DAY(2015, 1, 1)
#define MIL 1000000LL

/* One rate row from the seed date, for new loans only (R-RATE-1). */
#define SEED_RATE(r)                                                                               \
	{                                                                                          \
		.effective_from = SEED_FROM, .outstanding_from = PRG_DATE_NEVER, .rate = (r)       \
	}
#define ROWS(a) (a), (sizeof(a) / sizeof((a)[0]))

static const struct prg_rate r_6_60[] = {SEED_RATE(66000)};
static const struct prg_rate r_7_92[] = {SEED_RATE(79200)};
static const struct prg_rate r_8_25[] = {SEED_RATE(82500)};
static const struct prg_rate r_9_00[] = {SEED_RATE(90000)};
static const struct prg_rate r_3_00[] = {SEED_RATE(30000)};
static const struct prg_rate r_job[] = {
	{.effective_from = SEED_FROM,
	 .outstanding_from = PRG_DATE_NEVER,
	 .rate = 79200,
	 .reduced_rate = 39600,
	 .reduced_for = {PRG_F_ETHNIC_MINORITY | PRG_F_HARD_AREA, PRG_F_DISABLED}},
};

/* Caps (R-PRG-1). B: per borrower (the household's outstanding in the programme plus this
 * loan), L: per loan. */
#define B(...) {.scope = PRG_CAP_BORROWER, __VA_ARGS__}
#define L(...) {.scope = PRG_CAP_LOAN, __VA_ARGS__}
static const struct prg_cap c_100m[] = {B(.kind = PRG_CAP_FIXED, .amount = 100 * MIL)};
static const struct prg_cap c_25m[] = {B(.kind = PRG_CAP_FIXED, .amount = 25 * MIL)};
/* Decision 10/2024/QĐ-TTg: 25 M per facility, 50 M per household. */
static const struct prg_cap c_water[] = {L(.kind = PRG_CAP_FIXED, .amount = 25 * MIL),
					 B(.kind = PRG_CAP_FIXED, .amount = 50 * MIL)};
/* Decree 61/2015 as amended by 74/2019 and 104/2022: a worker 100 M; a business 2 bn and
 * 100 M per worker whose job the loan creates or keeps. */
static const struct prg_cap c_job[] = {
	B(.when = PRG_F_BUSINESS, .kind = PRG_CAP_FIXED, .amount = 2000 * MIL),
	B(.when = 0, .kind = PRG_CAP_FIXED, .amount = 100 * MIL),
	L(.when = PRG_F_BUSINESS, .kind = PRG_CAP_PER_JOB, .amount = 100 * MIL),
};
static const struct prg_cap c_student[] = {L(.kind = PRG_CAP_PER_STUDY_MONTH, .amount = 4 * MIL)};
static const struct prg_cap c_abroad[] = {L(.kind = PRG_CAP_CONTRACT_PCT, .pct = 100)};
/* Decree 100/2024: building or repairing 70 % of the estimate and of the collateral's value;
 * buying or renting 80 % of the contract, at most 1 bn. */
static const struct prg_cap c_social[] = {
	L(.when = PRG_F_PURPOSE_BUILD, .kind = PRG_CAP_ESTIMATE_PCT, .pct = 70),
	L(.when = 0, .kind = PRG_CAP_CONTRACT_PCT, .pct = 80, .amount = 1000 * MIL)};
/* Decree 28/2022: per loan by purpose. */
static const struct prg_cap c_ethnic[] = {
	L(.when = PRG_F_PURPOSE_LAND, .kind = PRG_CAP_FIXED, .amount = 50 * MIL),
	L(.when = PRG_F_PURPOSE_HOUSING, .kind = PRG_CAP_FIXED, .amount = 40 * MIL),
};

/* Fields every seed row shares. */
#define COMMON                                                                                     \
	.valid_from = SEED_FROM, .valid_until = PRG_DATE_NEVER, .terms_from = SEED_FROM,           \
	.overdue_pct = INTEREST_OVERDUE_PCT_DEFAULT, .convention = INTEREST_ACT365

static const struct programme seed[] = {
	{COMMON, .code = "1", .name_vi = "Cho vay hộ nghèo", .name_en = "Poor households",
	 .rates = ROWS(r_6_60), .caps = ROWS(c_100m), .max_term_months = 120,
	 .statuses = HH_BIT(HH_POOR), .collateral_above = PRG_NO_COLLATERAL, .roll_forward = true},
	{COMMON, .code = "19", .name_vi = "Cho vay hộ cận nghèo", .name_en = "Near-poor households",
	 .rates = ROWS(r_7_92), .caps = ROWS(c_100m), .max_term_months = 120,
	 .statuses = HH_BIT(HH_NEAR_POOR), .collateral_above = PRG_NO_COLLATERAL},
	{COMMON, .code = "9", .name_vi = "Cho vay hộ mới thoát nghèo",
	 .name_en = "Newly escaped poverty", .rates = ROWS(r_8_25), .caps = ROWS(c_100m),
	 .max_term_months = 60, .statuses = HH_BIT(HH_NEWLY_ESCAPED),
	 .collateral_above = PRG_NO_COLLATERAL},
	{COMMON, .code = "3", .name_vi = "Cho vay hỗ trợ tạo việc làm, duy trì và mở rộng việc làm",
	 .name_en = "Job creation (Decree 61/2015, 74/2019)", .rates = ROWS(r_job),
	 .caps = ROWS(c_job), .max_term_months = 120, .statuses = HH_ALL,
	 .collateral_above = 100 * MIL},
	{COMMON, .code = "2", .name_vi = "Cho vay học sinh, sinh viên có hoàn cảnh khó khăn",
	 .name_en = "Students in difficulty", .rates = ROWS(r_6_60), .caps = ROWS(c_student),
	 .term_kind = PRG_TERM_STUDY, .statuses = HH_ALL, .flags_all = PRG_F_STUDENT,
	 .collateral_above = PRG_NO_COLLATERAL},
	{COMMON, .code = "6", .name_vi = "Cho vay nước sạch và vệ sinh môi trường nông thôn",
	 .name_en = "Rural clean water and sanitation", .rates = ROWS(r_9_00), .caps = ROWS(c_water),
	 .max_term_months = 60, .statuses = HH_ALL, .flags_all = PRG_F_RURAL,
	 .collateral_above = PRG_NO_COLLATERAL, .roll_forward = true},
	{COMMON, .code = "10", .name_vi = "Cho vay hộ sản xuất, kinh doanh tại vùng khó khăn",
	 .name_en = "Production in hard areas", .rates = ROWS(r_9_00), .caps = ROWS(c_100m),
	 .max_term_months = 120, .statuses = HH_ALL, .flags_all = PRG_F_HARD_AREA,
	 .collateral_above = PRG_NO_COLLATERAL},
	{COMMON, .code = "4",
	 .name_vi = "Cho vay người lao động đi làm việc ở nước ngoài theo hợp đồng",
	 .name_en = "Workers going abroad on contract", .rates = ROWS(r_6_60),
	 .caps = ROWS(c_abroad), .term_kind = PRG_TERM_CONTRACT, .statuses = HH_ALL,
	 .flags_all = PRG_F_WORKER_ABROAD, .channel = PRG_DIRECT, .collateral_above = 100 * MIL},
	{COMMON, .code = "7", .name_vi = "Cho vay hỗ trợ nhà ở cho hộ nghèo",
	 .name_en = "Housing for poor households", .rates = ROWS(r_3_00), .caps = ROWS(c_25m),
	 .max_term_months = 180, .grace_months = 60, .statuses = HH_BIT(HH_POOR),
	 .collateral_above = PRG_NO_COLLATERAL},
	{COMMON, .code = "12", .name_vi = "Cho vay nhà ở xã hội (Nghị định 100/2024)",
	 .name_en = "Social housing (Decree 100/2024)", .rates = ROWS(r_6_60),
	 .caps = ROWS(c_social), .max_term_months = 300, .statuses = HH_ALL,
	 .flags_all = PRG_F_SOCIAL_HOUSING, .channel = PRG_DIRECT, .collateral_above = 0},
	{COMMON, .code = "25",
	 .name_vi = "Cho vay vùng đồng bào dân tộc thiểu số và miền núi (Nghị định 28/2022)",
	 .name_en = "Ethnic minority and mountain areas (Decree 28/2022)", .rates = ROWS(r_3_00),
	 .caps = ROWS(c_ethnic), .max_term_months = 180, .grace_months = 60,
	 .statuses = HH_BIT(HH_POOR) | HH_BIT(HH_NEAR_POOR), .flags_all = PRG_F_ETHNIC_MINORITY,
	 .flags_any = PRG_F_PURPOSE_LAND | PRG_F_PURPOSE_HOUSING,
	 .collateral_above = PRG_NO_COLLATERAL},
	{COMMON, .code = "26", .name_vi = "Cho vay người chấp hành xong án phạt tù",
	 .name_en = "People released after prison terms", .rates = ROWS(r_6_60),
	 .caps = ROWS(c_100m), .max_term_months = 60, .statuses = HH_ALL,
	 .flags_all = PRG_F_RELEASED_PRISONER, .collateral_above = PRG_NO_COLLATERAL},
	{COMMON, .code = "99", .name_vi = "Chương trình khác", .name_en = "Other",
	 .max_term_months = 120, .statuses = HH_ALL, .collateral_above = PRG_NO_COLLATERAL},
};

const struct programme *programme_seed(size_t *count)
{
	*count = sizeof seed / sizeof seed[0];
	return seed;
}
