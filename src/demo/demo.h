/*
 * `tindung demo`: a district office to look at (issue 5, docs/demo.md).
 *
 * demo_build turns an empty tindung database into Kiến Thụy district (Hải Phòng) as it
 * could look after three years of work: the real communes from the embedded statistics
 * office list, villages, the four unions' chapters in every commune, savings-and-loan
 * groups of 20-50 households, yearly poverty lists, twelve programmes, capital from the
 * centre, the city and the district, and every month of 2022-2024 replayed through the
 * bank's own use cases: applications through their four steps with a maker and a checker,
 * disbursements and collections at the monthly commune sessions, end of day for every day,
 * month end for every month, late payers, extensions, freezes and write-offs. Nothing
 * business-related is written with SQL: `tindung check` and `tindung audit verify` hold.
 *
 * Deterministic: the same seed and size give the same business tables (ids, amounts,
 * dates, names). Passwords are random (libsodium), and so are their hashes; the audit
 * trail's wall-clock times, and with them its hash chain, differ between runs.
 */
#ifndef TD_DEMO_DEMO_H
#define TD_DEMO_DEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "base/money.h"
#include "store/store.h"

/* The size of the seed article's district: borrowing households at the end. */
#define DEMO_HOUSEHOLDS_DEFAULT 11000
#define DEMO_HOUSEHOLDS_MAX 200000
#define DEMO_MONTHS_DEFAULT 36
#define DEMO_MONTHS_MAX 36
#define DEMO_UNTIL_MIN "2022-01-01"
#define DEMO_UNTIL_MAX "2027-12-31" /* the poverty statuses the demo draws end with 2027 */

struct demo_options {
	uint64_t seed;		    /* the PRNG's seed; any value */
	int64_t households;	    /* 1..DEMO_HOUSEHOLDS_MAX: borrowing households at the end */
	int months;		    /* 1..DEMO_MONTHS_MAX: months simulated (tests may shorten) */
	td_date until; /* 0, or the last day simulated (DEMO_UNTIL_MIN..MAX), months ignored;
			* past 1 July 2025 the run crosses the administrative merger */
	const char *admin_password; /* the password of user "admin"; NULL: a random one */
	/* Called with one line of progress (no newline), e.g. once a simulated month. */
	void (*progress)(void *arg, const char *line);
	void *arg;
};

/* Defaults: seed 1, DEMO_HOUSEHOLDS_DEFAULT, DEMO_MONTHS_DEFAULT, random admin password. */
void demo_options_default(struct demo_options *o);

/* What the district looks like at the end (read back from the database). */
struct demo_summary {
	td_date start, end; /* first simulated day, last business date */
	int64_t communes;   /* communes with groups */
	int64_t villages, chapters, groups, households, members;
	int64_t borrowers; /* households with a loan balance */
	int64_t loans, loans_open, programmes;
	/* overdue: the overdue principal (nợ quá hạn); overdue_loans_balance: the whole
	 * balance of the loans with anything overdue (docs/month-end.md names both) */
	td_money outstanding, overdue, overdue_loans_balance, frozen;
	int64_t sessions, applications, rejected;
	int64_t extensions, freezes, unfreezes, write_offs;
	int64_t audit_records;
};

/* Whether the database holds nothing yet: no user, no audit record, no household, no
 * office but the head office (migrations only). Works on a database of any schema version
 * (tables a version lacks count as empty). */
int demo_database_empty(struct td_store *s, bool *empty, struct td_error *err);

/* Builds the district into s, which must be migrated and empty (TD_ECONFLICT naming what
 * it holds otherwise; nothing is written then). TD_EINVAL for options out of range. On a
 * later error the days already simulated stay committed; the caller drops the database. */
int demo_build(struct td_store *s, const struct demo_options *o, struct demo_summary *sum,
	       struct td_error *err);

/* The summary of a demo database (demo_build fills it at the end too). */
int demo_summarise(struct td_store *s, struct demo_summary *sum, struct td_error *err);

/* One demo account: who signs in with what. */
struct demo_account {
	char username[64];
	char password[64];
	char role[32];
	char what[160]; /* "Giám đốc PGD Kiến Thụy" */
};

/* Calls fn for each demo account in the order they were made (admin first). *is_demo is
 * false (and fn is never called) when the database was not made by demo_build. */
int demo_accounts(struct td_store *s, bool *is_demo,
		  void (*fn)(void *arg, const struct demo_account *a), void *arg,
		  struct td_error *err);

/* SHA-256 (hex) over the business tables in a fixed order (households, statuses, groups,
 * members, applications, loans, instalments, repayments, savings, ledger entries and
 * postings, sessions, events, month ends...), without wall-clock times, passwords and
 * audit hashes: equal digests mean the same district. out has 65 bytes. */
int demo_digest(struct td_store *s, char out[65], struct td_error *err);

#endif
