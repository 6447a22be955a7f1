/*
 * Who borrows what, and the path of each application (R-APP-1..4): filed about two weeks
 * before the session of the household's commune point, voted by the group, confirmed by
 * the commune, checked by the credit officer and decided by a director (never the person
 * who prepared or checked it), then disbursed at the session (session.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/application.h"
#include "demo/demo_internal.h"

#define MIL 1000000LL
#define LEAD_DAYS 15		/* filing to disbursement */
#define BORROWERS_PER_MILLE 920 /* founding members who borrow during the run */
#define REJECT_PER_MILLE 20
#define LATE_CHECK_PER_MILLE 30

const struct demo_programme demo_programmes[] = {
	{"1", "Chăn nuôi lợn nái, gà thịt và trồng màu",
	 "Nuôi 2 lợn nái, 200 gà; bán lứa đầu sau 6 tháng", NULL, 40, 95, 36, 60, 200},
	{"19", "Mở rộng chăn nuôi và trồng rau màu",
	 "Đầu tư chuồng trại, con giống; thu hồi vốn trong 2 năm", NULL, 40, 95, 36, 60, 200},
	{"9", "Phát triển sản xuất sau thoát nghèo",
	 "Mua máy cày mini làm dịch vụ cho bà con trong thôn", NULL, 40, 95, 36, 60, 150},
	{"3", "Duy trì, mở rộng việc làm tại hộ",
	 "Mở xưởng mộc gia đình, tạo việc làm cho 2 lao động", NULL, 30, 90, 36, 60, 150},
	{"6", "Xây công trình nước sạch và nhà tiêu hợp vệ sinh",
	 "Giếng khoan, bể lọc và nhà tiêu tự hoại", NULL, 15, 25, 60, 60, 100},
	{"7", "Xây mới nhà ở cho hộ nghèo",
	 "Xây nhà cấp bốn 40 m2, gia đình góp thêm công và vật liệu", NULL, 15, 25, 120, 180, 0},
	{"2", "Học phí và sinh hoạt phí đại học", "Con theo học tại trường đại học ở Hà Nội", NULL,
	 20, 80, 0, 0, 0},
	{"4", "Chi phí đi làm việc tại Nhật Bản theo hợp đồng", "Hợp đồng thực tập sinh 3 năm",
	 NULL, 80, 150, 36, 36, 0},
	{"10", "Nuôi ngao, nuôi tôm vùng bãi ven biển",
	 "Thuê 1 ha bãi nuôi ngao, thu hoạch sau 18 tháng", NULL, 30, 100, 36, 60, 0},
	{"25", "Mua đất ở", "Mua 80 m2 đất ở để làm nhà", "purpose_land", 30, 50, 120, 180, 0},
	{"26", "Mở cửa hàng sửa chữa xe máy", "Tự tạo việc làm sau khi chấp hành xong án phạt tù",
	 NULL, 30, 80, 36, 60, 0},
	{"12", "Mua nhà ở xã hội", "Mua căn hộ nhà ở xã hội tại thị trấn, trả góp 25 năm", NULL,
	 400, 900, 240, 300, 0},
};
const size_t demo_programme_count = sizeof demo_programmes / sizeof demo_programmes[0];

int demo_programme_index(const char *code)
{
	for (size_t k = 0; k < demo_programme_count; k++)
		if (strcmp(demo_programmes[k].code, code) == 0)
			return (int)k;
	return DEMO_NONE;
}

/* A month of the run, front-loaded: more than half of the first loans go out in the first
 * year, as a district that starts its books with tindung would disburse them. */
static int first_month(struct demo_rng *r, int months)
{
	static const int w[] = {55, 25, 20};
	int third = (int)rng_weighted(r, w, 3);
	int lo = months * third / 3, hi = months * (third + 1) / 3 - 1;
	return hi < lo ? lo : (int)rng_range(r, lo, hi);
}

int demo_lending_plan(struct demo *d)
{
	struct demo_rng r = rng_fork(&d->rng, 51);
	int p6 = DEMO_PROGRAMME("6"), p7 = DEMO_PROGRAMME("7"), p2 = DEMO_PROGRAMME("2");
	for (size_t k = 0; k < d->n_hh; k++) {
		struct demo_hh *h = &d->hh[k];
		if (h->join_month >= 0) {
			int m = h->join_month + (int)rng_range(&r, 1, 2);
			h->primary_month = m < d->months ? m : -1;
		} else if (rng_chance(&r, BORROWERS_PER_MILLE)) {
			/* Over three years at most, however long the run: a run that goes on
			 * (--until) is the same district up to its end, then new loans come
			 * from households that repaid theirs. */
			h->primary_month = first_month(&r, d->months < DEMO_MONTHS_DEFAULT
								   ? d->months
								   : DEMO_MONTHS_DEFAULT);
		}
		if (h->primary_month < 0)
			continue;
		int m2 = h->primary_month + (int)rng_range(&r, 1, 18);
		if ((h->flags & PRG_F_STUDENT) && rng_chance(&r, 700)) {
			/* students borrow for the school year, in August */
			m2 = (h->primary_month / 12) * 12 + 19;
			h->second_prog = (uint8_t)p2;
		} else if ((h->flags & PRG_F_RURAL) && rng_chance(&r, 200)) {
			h->second_prog = (uint8_t)p6;
		} else if (h->status[0] == HH_POOR && rng_chance(&r, 150)) {
			h->second_prog = (uint8_t)p7;
		} else {
			continue;
		}
		h->second_month = m2 < d->months ? m2 : -1;
	}
	return TD_OK;
}

/* The programme of a household's main loan, from its status in the year it applies. */
static int primary_programme(struct demo_rng *r, const struct demo_hh *h, int y)
{
	uint8_t s = h->status[y];
	bool minority = h->flags & PRG_F_ETHNIC_MINORITY;
	if ((s == HH_POOR || s == HH_NEAR_POOR) && minority && rng_chance(r, 500))
		return DEMO_PROGRAMME("25");
	if (s == HH_POOR)
		return DEMO_PROGRAMME("1");
	if (s == HH_NEAR_POOR)
		return DEMO_PROGRAMME("19");
	if (s == HH_NEWLY_ESCAPED)
		return DEMO_PROGRAMME("9");
	if ((h->flags & PRG_F_SOCIAL_HOUSING) && rng_chance(r, 500))
		return DEMO_PROGRAMME("12");
	if ((h->flags & PRG_F_WORKER_ABROAD) && rng_chance(r, 400))
		return DEMO_PROGRAMME("4");
	if (h->flags & PRG_F_RELEASED_PRISONER)
		return DEMO_PROGRAMME("26");
	if ((h->flags & PRG_F_HARD_AREA) && rng_chance(r, 600))
		return DEMO_PROGRAMME("10");
	if ((h->flags & PRG_F_RURAL) && rng_chance(r, 250))
		return DEMO_PROGRAMME("6");
	return DEMO_PROGRAMME("3");
}

static int app_add(struct demo *d, struct demo_rng *r, int hh, int prog, int commune,
		   td_date session, bool primary, struct td_error *err)
{
	struct demo_hh *h = &d->hh[hh];
	if (prog == DEMO_NONE || (h->open_progs & (1u << prog)))
		return TD_OK;
	const struct demo_programme *p = &demo_programmes[prog];
	int rc = demo_grow((void **)&d->app, &d->cap_apps, d->n_apps, sizeof *d->app, err);
	if (rc != TD_OK)
		return rc;
	struct demo_app *a = &d->app[d->n_apps++];
	memset(a, 0, sizeof *a);
	a->hh = hh;
	a->prog = prog;
	a->commune = commune;
	a->session = session;
	a->primary = primary;
	/* the seed's channel: social housing and work abroad are lent directly */
	a->direct = strcmp(p->code, "12") == 0 || strcmp(p->code, "4") == 0;
	a->amount = rng_range(r, p->min, p->max) * MIL;
	if (p->min >= 40 && a->amount % (5 * MIL))
		a->amount -= a->amount % (5 * MIL); /* people ask for round sums */
	a->term = (int)rng_range(r, p->term_min / 12, p->term_max / 12) * 12;
	if (strcmp(p->code, "2") == 0) {
		a->study_months = (int)rng_range(r, 2, 4) * 12;
		if (a->amount > 4 * MIL * a->study_months)
			a->amount = 4 * MIL * a->study_months;
		a->term = 2 * a->study_months + 12;
		a->grace = a->study_months + 12; /* programme_grace: studies plus a year */
	} else if (strcmp(p->code, "4") == 0) {
		a->contract_months = 36;
		a->contract_value = a->amount + rng_range(r, 0, 20) * MIL;
	} else if (strcmp(p->code, "25") == 0 || strcmp(p->code, "7") == 0) {
		a->grace = 60; /* the seed's months without principal */
	} else if (strcmp(p->code, "3") == 0) {
		/* the household and the workers it hires (from the amount: the random stream, and
		 * so the rest of the demo, stays as it was) */
		a->jobs = 1 + (int)(a->amount / MIL % 3);
	} else if (strcmp(p->code, "12") == 0) {
		a->contract_value = a->amount * 5 / 4;
	}
	a->reject = rng_chance(r, REJECT_PER_MILLE);
	int local = (int)rng_range(r, 0, 999);
	a->source_id = local < p->local_permille * 7 / 10 ? d->source_city
		       : local < p->local_permille	  ? d->source_district
							  : d->source_central;
	h->open_progs |= 1u << prog;
	return TD_OK;
}

/* Applications whose session is LEAD_DAYS ahead: the households planning a loan that
 * month, in a group on the day they file. */
static int plan_today(struct demo *d, struct td_error *err)
{
	td_date today = d->ctx.business_date, session = today + LEAD_DAYS;
	int m = demo_month_of(session);
	if (m >= d->months || session > d->last_day)
		return TD_OK;
	int y = demo_year_of(today);
	struct demo_rng r = rng_fork(&d->rng, 5200 + (uint64_t)today);
	for (int c = 0; c < d->n_communes; c++) {
		const struct demo_commune *cm = &d->commune[c];
		if (!cm->used || date_to_civil(session).day != cm->meeting_day)
			continue;
		for (size_t k = 0; k < d->n_hh; k++) {
			struct demo_hh *h = &d->hh[k];
			if (h->group == DEMO_NONE || d->village[h->village].commune != c)
				continue;
			int rc = TD_OK;
			if (h->primary_month == m) {
				rc = app_add(d, &r, (int)k, primary_programme(&r, h, y), c, session,
					     true, err);
				h->primary_month = -1;
			}
			if (rc == TD_OK && h->second_month == m) {
				int p = h->second_prog;
				/* a housing loan for the poor needs the status the year it is asked
				 */
				if (p != DEMO_PROGRAMME("7") || h->status[y] == HH_POOR)
					rc = app_add(d, &r, (int)k, p, c, session, false, err);
				h->second_month = -1;
			}
			if (rc != TD_OK)
				return rc;
		}
	}
	return TD_OK;
}

static int file(struct demo *d, struct demo_app *a, struct td_error *err)
{
	const struct demo_programme *p = &demo_programmes[a->prog];
	const struct demo_hh *h = &d->hh[a->hh];
	struct application_input in = {.household_id = h->id,
				       .programme = p->code,
				       .amount = a->amount,
				       .term_months = a->term,
				       .purpose = p->purpose,
				       .purpose_flags = p->purpose_flags,
				       .plan = p->plan,
				       .applied_on = d->ctx.business_date,
				       .study_months = a->study_months,
				       .contract_months = a->contract_months,
				       .contract_value = a->contract_value,
				       .jobs = a->jobs};
	int64_t chapter = d->commune[a->commune].chapter[d->group[h->group].org];
	if (chapter == d->person[P_UNION].actor.chapter_id)
		demo_as(d, P_UNION, 0);
	else
		demo_as(d, P_OFFICER, d->commune[a->commune].officer);
	return application_create(&d->ctx, &in, &a->id, err);
}

static int vote(struct demo *d, struct demo_app *a, struct demo_rng *r, struct td_error *err)
{
	const struct demo_group *g = &d->group[d->hh[a->hh].group];
	char minutes[32], list[32], rep[DEMO_NAME_MAX], head[DEMO_NAME_MAX];
	snprintf(minutes, sizeof minutes, "%lld/BB-10C", (long long)rng_range(r, 1, 12));
	snprintf(list, sizeof list, "%lld/DS-03TD", (long long)rng_range(r, 1, 12));
	names_person(r, g->org == ORG_WOMEN, rep, sizeof rep);
	names_person(r, false, head, sizeof head);
	int against = (int)rng_range(r, 0, 2);
	int missing = (int)rng_range(r, 0, 3); /* some absent, some abstain (R-APP-2) */
	struct application_vote v = {.on = d->ctx.business_date,
				     .minutes_no = minutes,
				     .list_no = list,
				     .org_rep = rep,
				     .village_head = head,
				     .members_present = g->members - missing / 2,
				     .votes_for = g->members - against - missing,
				     .votes_against = against,
				     .votes_abstain = missing - missing / 2};
	return application_vote(&d->ctx, a->id, &v, err);
}

/* R-APP-3: the commune People's Committee's confirmation, signed by its chairman (the same
 * person for a commune through the run). */
static int confirm(struct demo *d, struct demo_app *a, struct td_error *err)
{
	struct demo_rng r = rng_fork(&d->rng, 9100 + (uint64_t)a->commune);
	char no[32], chair[DEMO_NAME_MAX];
	names_person(&r, false, chair, sizeof chair);
	snprintf(no, sizeof no, "%d/UBND-XN", 1 + (int)(a->id % 400));
	struct application_confirmation c = {.on = d->ctx.business_date,
					     .doc_no = no,
					     .signatory = chair,
					     .signatory_title = "Chủ tịch UBND xã"};
	demo_as(d, P_OFFICER, d->commune[a->commune].officer);
	return application_confirm(&d->ctx, a->id, &c, err);
}

static const char *const reject_reasons[] = {
	"Phương án sử dụng vốn chưa khả thi, đề nghị tổ hướng dẫn hộ lập lại",
	"Hộ đang còn nợ quá hạn ở tổ chức tín dụng khác",
	"Người vay đi làm ăn xa, không trực tiếp ký hồ sơ",
};

/* One step of an application on its day: filed at -15, voted -13, confirmed -11,
 * checked -9 (a few late, at -5), decided -4. */
static int step(struct demo *d, struct demo_app *a, struct td_error *err)
{
	td_date today = d->ctx.business_date;
	int left = (int)(a->session - today);
	struct demo_rng r = rng_fork(&d->rng, 5300 + (uint64_t)a->hh * 64 + (uint64_t)a->prog);
	bool late = rng_chance(&r, LATE_CHECK_PER_MILLE);
	int rc = TD_OK;
	if (a->step == AS_PLANNED && left == LEAD_DAYS) {
		rc = file(d, a, err);
		a->step = AS_APPLIED;
	} else if (a->step == AS_APPLIED && left == 13) {
		rc = vote(d, a, &r, err);
		a->step = AS_VOTED;
	} else if (a->step == AS_VOTED && left == 11) {
		rc = confirm(d, a, err);
		a->step = AS_CONFIRMED;
	} else if (a->step == AS_CONFIRMED && left == (late ? 5 : 9)) {
		demo_as(d, P_OFFICER, d->commune[a->commune].officer);
		rc = application_check(&d->ctx, a->id, today, NULL, err);
		a->step = AS_CHECKED;
	} else if (a->step == AS_CHECKED && left == 4) {
		demo_as(d, a->hh % 3 ? P_DIRECTOR : P_DEPUTY, 0);
		const char *why = a->reject ? reject_reasons[a->hh % 3] : NULL;
		rc = application_decide(&d->ctx, a->id, today, !a->reject, why, err);
		a->step = AS_DECIDED;
		if (a->reject) {
			a->done = true;
			d->hh[a->hh].open_progs &= ~(1u << a->prog);
		}
	}
	if (rc != TD_OK)
		td_error_prefix(err,
				"application of household %s, programme %s: ", d->hh[a->hh].cccd,
				demo_programmes[a->prog].code);
	return rc;
}

int demo_applications_day(struct demo *d, struct td_error *err)
{
	int rc = plan_today(d, err);
	for (size_t k = 0; rc == TD_OK && k < d->n_apps; k++)
		if (!d->app[k].done && d->app[k].step != AS_DECIDED)
			rc = step(d, &d->app[k], err);
	return rc;
}
