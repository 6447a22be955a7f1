/*
 * The demo's working state, shared by the files of src/demo only: the district as the
 * generator knows it (ids the bank functions returned, plans the PRNG drew), and the one
 * context through which every use case is called.
 *
 * One context, many actors: ctx.actor is switched to the person who does each step
 * (demo_as), so that a day's operations can share one outer transaction (ctx.tx_depth,
 * bank/ctx.h) whoever performs them.
 */
#ifndef TD_DEMO_INTERNAL_H
#define TD_DEMO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bank/chapter.h"
#include "bank/ctx.h"
#include "credit/programme.h"
#include "demo/demo.h"
#include "demo/names.h"
#include "demo/rng.h"

#define DEMO_DISTRICT "314"  /* Huyện Kiến Thuỵ */
#define DEMO_PROVINCE "31"   /* Thành phố Hải Phòng */
#define DEMO_OFFICE "PGD314" /* made by the admin-units import with --offices */
#define DEMO_BRANCH "CN31"
#define DEMO_YEAR0 2022 /* the first simulated year */
#define DEMO_YEARS 6	/* poverty lists 2022..2027 (2025's is loaded in Dec 2024) */
#define DEMO_YEARS_DRAWN 4 /* statuses drawn with the households; later ones: merger.c */
#define DEMO_COMMUNES_MAX 40
#define DEMO_VILLAGES_MAX 12 /* per commune */
#define DEMO_OFFICERS_MAX 12
#define DEMO_GROUP_MIN 20 /* the "groups of 20-50 households" */
#define DEMO_GROUP_MAX 50
#define DEMO_NONE (-1)

/* The people who act, by duty. */
enum demo_person {
	P_SYSTEM,   /* the command line's actor: eod and month end */
	P_ADMIN,    /* network, chapters, users, branch rates */
	P_DIRECTOR, /* decisions, capital, contracts; approves loan events */
	P_DEPUTY,   /* second director: decisions, prepares loan events */
	P_TELLER,   /* three tellers; which one is demo.teller[k] */
	P_OFFICER,  /* credit officers: demo.officer[k] */
	P_CONTROLLER,
	P_UNION,  /* the women's union officer of the first commune */
	P_LEADER, /* the leader of the first group */
	P_AUDITOR,
	P_BOARD,
};

struct demo_user {
	int64_t user_id, staff_id;
	struct td_actor actor;
	char full_name[DEMO_NAME_MAX];
};

struct demo_commune {
	char code[8];
	char name[80];
	bool town;    /* thị trấn: urban, no rural flag */
	bool coastal; /* treated as a hard area (programme 10), docs/demo.md */
	bool used;    /* has groups and sessions */
	int64_t point_id;
	int meeting_day;
	int officer; /* index into demo.officer */
	int teller;  /* index into demo.teller */
	int64_t chapter[ORG_COUNT];
	int first_village, n_villages;
	int n_households; /* planned members at the start */
};

struct demo_village {
	int64_t id;
	int commune;
	char name[48];
	char commune_2025[8]; /* its commune after the 2025 merger (merger.c); "" before */
};

/* Household plans and what the generator remembers of each. */
struct demo_hh {
	int64_t id; /* 0 until created */
	int village;
	int group;		    /* index, DEMO_NONE when not (yet) in a group */
	int appears;		    /* year index it is first known: 0 at the start */
	int join_month;		    /* month it joins its group; -1: founding member */
	uint8_t status[DEMO_YEARS]; /* enum hh_status per year from DEMO_YEAR0 */
	uint32_t flags;		    /* PRG_F_* (household flags only) */
	bool female;
	int birth_year;
	int members;
	const char *ethnicity;
	char name[DEMO_NAME_MAX];
	char cccd[13];
	char phone[11];
	int64_t savings_id;
	td_date savings_opened;
	td_money deposit;    /* monthly savings; 0: does not save */
	td_money saved;	     /* balance as the generator tracks it */
	int primary_month;   /* month of the next primary loan; -1: none planned */
	int second_month;    /* month of a second loan; -1: none */
	uint8_t second_prog; /* index into demo_programmes */
	uint32_t open_progs; /* bit per demo programme index with an open loan or application */
};

struct demo_group {
	int64_t id;
	int village;
	enum org_code org;
	int leader, deputy; /* household indexes */
	int members;	    /* current count */
};

enum demo_payer { PAY_GOOD, PAY_LATE, PAY_BAD };
/* Months after a bad payer stops paying that the office decides on the loan (risk.c); it
 * does not recover before (session.c). */
#define TROUBLE_MONTHS 3
enum demo_loan_state { DL_OPEN, DL_CLOSED, DL_FROZEN, DL_WRITTEN_OFF };

struct demo_loan {
	int64_t id;
	int hh;
	int prog; /* index into demo_programmes */
	enum demo_payer payer;
	enum demo_loan_state state;
	bool direct;  /* repaid at the office (programme 12) */
	bool primary; /* the household's main loan (not a second one) */
	bool extended;
	int grace;	 /* months without principal */
	int stop_month;	 /* a bad payer pays nothing from this month on */
	int event_month; /* a freeze or write-off is decided this month; -1: none */
	int freeze_until_month;
	td_date disbursed;
	td_money amount;
	int term;
	int64_t source_id; /* capital source: who decides a freeze or write-off (R-RISK-1) */
};

enum demo_step { AS_PLANNED, AS_APPLIED, AS_VOTED, AS_CONFIRMED, AS_CHECKED, AS_DECIDED };

struct demo_app {
	int64_t id;
	int hh, prog, commune;
	td_money amount;
	int term, study_months, contract_months, jobs;
	td_money contract_value;
	int64_t source_id;
	td_date session; /* disbursement day (the point's session, or the office's day) */
	enum demo_step step;
	bool reject, direct, done, primary;
	int grace;
};

/* The twelve programmes the district lends (a subset of the seed table). */
struct demo_programme {
	const char *code;
	const char *purpose;
	const char *plan;
	const char *purpose_flags;
	td_money min, max; /* amount, whole millions drawn between them */
	int term_min, term_max;
	int local_permille; /* share lent from local (city, district) capital */
};
extern const struct demo_programme demo_programmes[];
extern const size_t demo_programme_count;
int demo_programme_index(const char *code);

#define DEMO_PROGRAMME(code) (demo_programme_index(code))

struct demo {
	struct td_store *s;
	struct td_ctx ctx;
	struct td_actor system; /* the command line's actor: eod and month end */
	struct demo_options opt;
	struct demo_rng rng;
	td_date setup_day, first_day, last_day;
	int months;
	int64_t office_id, branch_id, head_id;
	struct demo_user person[P_BOARD + 1];
	struct demo_user officer[DEMO_OFFICERS_MAX];
	int n_officers;
	struct demo_user teller[3], controller[2];
	int64_t chapter_district[ORG_COUNT], chapter_province[ORG_COUNT];
	struct demo_commune commune[DEMO_COMMUNES_MAX];
	int n_communes;
	struct demo_village village[DEMO_COMMUNES_MAX * DEMO_VILLAGES_MAX];
	int n_villages;
	struct demo_hh *hh;
	size_t n_hh, cap_hh;
	struct demo_group *group;
	size_t n_groups, cap_groups;
	struct demo_loan *loan;
	size_t n_loans, cap_loans;
	struct demo_app *app;
	size_t n_apps, cap_apps;
	int32_t *loan_by_id; /* loan id -> index into loan, -1 */
	size_t loan_by_id_cap;
	int32_t *hh_by_id; /* household id -> index into hh, -1 */
	size_t hh_by_id_cap;
	bool merged;   /* the 2025 merger is loaded (merger.c) */
	int decisions; /* loan decisions numbered so far */
	int freezes, write_offs;
	unsigned cccd_serial;
	int64_t source_central, source_city, source_district;
	char key[96]; /* the idempotency key of the current write */
	/* counters for progress lines */
	int64_t sessions, batches, lines;
};

/* Switches the context to the person who acts (the officer, teller... of index k). */
void demo_as(struct demo *d, enum demo_person p, int k);
/* The day index m (0 = January of DEMO_YEAR0) a date falls in, and the reverse. */
int demo_month_of(td_date day);
td_date demo_day(int year, int month, int day);
/* The status year index of a date (0 = DEMO_YEAR0), clamped to the lists there are. */
int demo_year_of(td_date day);

/* Grows an array of elements of size `size` to hold one more; TD_ENOMEM. */
int demo_grow(void **arr, size_t *cap, size_t n, size_t size, struct td_error *err);

/* Progress line through the caller's callback. */
void demo_say(struct demo *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Each step of the build (one file each). */
int demo_units(struct demo *d, struct td_error *err); /* network.c */
int demo_network(struct demo *d, struct td_error *err);
int demo_users_admin(struct demo *d, struct td_error *err); /* users.c */
int demo_users_staff(struct demo *d, struct td_error *err);
int demo_users_others(struct demo *d, struct td_error *err);
int demo_chapters(struct demo *d, struct td_error *err); /* chapters.c */
void demo_population(struct demo *d);			 /* population.c */
int demo_households_plan(struct demo *d, struct td_error *err);
int demo_households_start(struct demo *d, struct td_error *err);
int demo_household_create(struct demo *d, struct demo_hh *h, struct td_error *err);
int demo_poverty_list(struct demo *d, int commune, int year_index, struct td_error *err);
int demo_groups(struct demo *d, struct td_error *err); /* groups.c */
int demo_group_joins(struct demo *d, int commune, td_date on, struct td_error *err);
int demo_capital(struct demo *d, struct td_error *err); /* capital.c */
int demo_capital_yearly(struct demo *d, int year, struct td_error *err);
int demo_capital_cover(struct demo *d, int64_t source, td_money need, struct td_error *err);
int demo_capital_local(struct demo *d, td_money *city, td_money *district, struct td_error *err);
int demo_lending_plan(struct demo *d); /* lending.c */
int demo_applications_day(struct demo *d, struct td_error *err);
int demo_session(struct demo *d, int commune, struct td_error *err); /* session.c */
int demo_office_day(struct demo *d, struct td_error *err);	     /* office.c */
int demo_risk_day(struct demo *d, struct td_error *err);	     /* risk.c */
int demo_year_end(struct demo *d, struct td_error *err);	     /* year_end.c */
/* The 2025 merger (merger.c): on its day the new units and their mapping are loaded and
 * the split villages take the proposals; the lists after it are the new communes'. */
int demo_merger_day(struct demo *d, struct td_error *err);
int demo_poverty_lists_2025(struct demo *d, int year_index, struct td_error *err);
/* Statuses of the years after the drawn ones, from their own stream (merger.c). */
void demo_statuses_later(struct demo *d);
/* The header and the rows of an embedded data file whose column col is value (network.c);
 * *csv is malloc'd. */
int demo_data_rows(const char *file, int col, const char *value, char **csv, size_t *len,
		   struct td_error *err);

/* A poverty list (population.c): the households of its commune whose status for year
 * index y is not "none", imported as the officer; has() says whose, village() writes the
 * village cell. demo_poverty_list is the list of an old commune (before the merger). */
struct demo_list {
	const char *code; /* the commune */
	int officer;	  /* index into demo.officer */
	bool (*has)(const struct demo *d, const struct demo_hh *h, const void *arg);
	const char *(*village)(const struct demo *d, int v, char *buf, size_t size,
			       const void *arg);
	const void *arg;
};
int demo_poverty_list_for(struct demo *d, const struct demo_list *l, int y, struct td_error *err);
/* The vault (cash.c, R-CASH-1): its limit before the run; cash from the branch before
 * paying out amount; at the end of a day, the excess remitted or a low vault refilled. */
int demo_cash_setup(struct demo *d, struct td_error *err);
int demo_cash_need(struct demo *d, td_money amount, struct td_error *err);
int demo_cash_day(struct demo *d, struct td_error *err);

/* Communes with groups. */
int demo_communes_used(const struct demo *d);
/* The household of an id, or NULL. */
struct demo_hh *demo_hh_find(struct demo *d, int64_t id);

/* A loan was disbursed: remember it (lending.c). */
int demo_loan_add(struct demo *d, int64_t loan_id, const struct demo_app *a, struct td_error *err);
/* The loan of a loan id, or NULL. */
struct demo_loan *demo_loan_find(struct demo *d, int64_t loan_id);
/* A loan closed: plan what the household does next (lending.c). */
void demo_loan_closed(struct demo *d, struct demo_loan *l, td_date on);

#endif
