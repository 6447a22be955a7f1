/*
 * The four unions the bank entrusts (DOMAIN.md §1): a chapter of each at the city, the
 * district and every commune, and the entrustment contracts the district office signed
 * with its district and commune chapters.
 */
#include <stdio.h>
#include <string.h>

#include "bank/contract.h"
#include "demo/demo_internal.h"

#define CHAPTERS_FROM "2008-01-01"
#define CONTRACTS_SIGNED "2020-01-06"

/* "Xã Đông Phương" -> "xã Đông Phương" (the type's first letter is ASCII). */
static void lower_type(const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s", name);
	if (out[0] >= 'A' && out[0] <= 'Z')
		out[0] = (char)(out[0] - 'A' + 'a');
}

static int chapter(struct demo *d, enum org_code org, const char *level, const char *code,
		   int64_t parent, int64_t office, const char *where, int64_t *id,
		   struct td_error *err)
{
	char name[200];
	snprintf(name, sizeof name, "%s %s", org_name_vi(org), where);
	struct chapter_input in = {org_code_name(org), level,	   code, parent, office, name,
				   ORG_NO_DATE,	       ORG_NO_DATE};
	date_parse_iso(CHAPTERS_FROM, &in.valid_from, err);
	int rc = chapter_create(&d->ctx, &in, id, err);
	return rc == TD_OK ? TD_OK : td_error_prefix(err, "chapter %s: ", name);
}

static int contract(struct demo *d, int64_t chapter_id, int n, const char *parties,
		    struct td_error *err)
{
	char number[32];
	snprintf(number, sizeof number, "%02d/HĐUT-PGDKT", n);
	struct contract_input in = {.chapter_id = chapter_id,
				    .office_id = d->office_id,
				    .number = number,
				    .parties = parties,
				    .valid_to = ORG_NO_DATE};
	date_parse_iso(CONTRACTS_SIGNED, &in.signed_on, err);
	in.valid_from = in.signed_on;
	int64_t id = 0;
	int rc = contract_create(&d->ctx, &in, &id, err);
	return rc == TD_OK ? TD_OK : td_error_prefix(err, "contract %s: ", number);
}

int demo_chapters(struct demo *d, struct td_error *err)
{
	int rc = TD_OK;
	demo_as(d, P_ADMIN, 0);
	for (int o = 0; rc == TD_OK && o < ORG_COUNT; o++) {
		rc = chapter(d, (enum org_code)o, "province", DEMO_PROVINCE, 0, d->branch_id,
			     "thành phố Hải Phòng", &d->chapter_province[o], err);
		if (rc == TD_OK)
			rc = chapter(d, (enum org_code)o, "district", DEMO_DISTRICT,
				     d->chapter_province[o], d->office_id, "huyện Kiến Thuỵ",
				     &d->chapter_district[o], err);
		for (int c = 0; rc == TD_OK && c < d->n_communes; c++) {
			char where[96];
			lower_type(d->commune[c].name, where, sizeof where);
			rc = chapter(d, (enum org_code)o, "commune", d->commune[c].code,
				     d->chapter_district[o], d->office_id, where,
				     &d->commune[c].chapter[o], err);
		}
	}
	demo_as(d, P_DIRECTOR, 0);
	int n = 1;
	for (int o = 0; rc == TD_OK && o < ORG_COUNT; o++) {
		char parties[300];
		snprintf(parties, sizeof parties,
			 "PGD NHCSXH huyện Kiến Thuỵ và %s huyện Kiến Thuỵ", org_name_vi(o));
		rc = contract(d, d->chapter_district[o], n++, parties, err);
		for (int c = 0; rc == TD_OK && c < d->n_communes; c++) {
			char where[96];
			lower_type(d->commune[c].name, where, sizeof where);
			snprintf(parties, sizeof parties, "PGD NHCSXH huyện Kiến Thuỵ và %s %s",
				 org_name_vi(o), where);
			rc = contract(d, d->commune[c].chapter[o], n++, parties, err);
		}
	}
	return rc;
}
