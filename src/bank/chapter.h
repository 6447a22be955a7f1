/*
 * Mass organisations and their chapters (DOMAIN.md §1; issue 4).
 *
 * The four organisations entrusted with policy lending are fixed: women (Hội Liên hiệp
 * Phụ nữ), farmers (Hội Nông dân), veterans (Hội Cựu chiến binh), youth (Đoàn Thanh
 * niên). Each has chapters at commune, district and province level; a commune chapter
 * hangs under the district chapter of the same organisation, which hangs under the
 * province chapter. One chapter per organisation per administrative unit at a time.
 * Every chapter belongs to the subtree of one bank office (office_id, R-ORG-4).
 *
 * Every function is one transaction and checks permission with access_check: writes need
 * ACT_ORG_WRITE on {office_id, chapter_id}, reads ACT_READ.
 */
#ifndef TD_BANK_CHAPTER_H
#define TD_BANK_CHAPTER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "bank/ctx.h"
#include "base/date.h"

/* "No date given" in input structs (td_date 0 is 1970-01-01, a real day). */
#define ORG_NO_DATE INT32_MIN

enum org_code { ORG_WOMEN, ORG_FARMERS, ORG_VETERANS, ORG_YOUTH, ORG_COUNT };

/* Stable code ("women") and Vietnamese name ("Hội Liên hiệp Phụ nữ"). */
const char *org_code_name(enum org_code o);
const char *org_name_vi(enum org_code o);
/* TD_EINVAL listing the four codes when s is none of them. */
int org_parse(const char *s, enum org_code *out, struct td_error *err);

enum chapter_level { CHAPTER_COMMUNE, CHAPTER_DISTRICT, CHAPTER_PROVINCE, CHAPTER_LEVEL_COUNT };
const char *chapter_level_name(enum chapter_level l); /* "commune", "district", "province" */
int chapter_level_parse(const char *s, enum chapter_level *out, struct td_error *err);

struct chapter_input {
	const char *org;	/* "women", "farmers", "veterans", "youth" */
	const char *level;	/* "commune", "district", "province" */
	const char *admin_code; /* of the admin unit of that level (admin_unit, 0002) */
	int64_t parent_id;	/* 0 = none; else a chapter one level up, same organisation */
	int64_t office_id;	/* the bank office whose subtree the chapter belongs to */
	const char *name;
	td_date valid_from;
	td_date valid_to; /* ORG_NO_DATE = open */
};

/* Validates everything (each problem in the message): known organisation and level, the
 * admin unit exists at that level on valid_from, the parent is one level up, of the same
 * organisation, valid on valid_from and, where the geography says so, the unit that
 * contains this one; the office exists; the period does not overlap another chapter of
 * the organisation for the same unit. */
int chapter_create(struct td_ctx *ctx, const struct chapter_input *in, int64_t *id,
		   struct td_error *err);
/* Replaces the mutable fields (parent, office, name, valid_from, valid_to) with those of
 * in; org, level and admin_code must stay as they are (TD_EINVAL otherwise). */
int chapter_update(struct td_ctx *ctx, int64_t id, const struct chapter_input *in,
		   struct td_error *err);

/* {"id","org","org_name","level","admin_code","parent_id","office_id","name",
 *  "valid_from","valid_to"}; TD_ENOTFOUND for an unknown id. */
int chapter_get(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err);

struct chapter_filter {
	const char *org;	/* NULL = any */
	const char *level;	/* NULL = any */
	const char *admin_code; /* NULL = any */
	int64_t parent_id;	/* 0 = any */
	int64_t office_id;	/* 0 = any (the actor's subtree applies anyway) */
	td_date on;		/* ORG_NO_DATE = any period; else only chapters valid on it */
	int64_t limit, offset;	/* limit 0 = 50; at most 500 */
};
/* {"items":[...],"total":N,"limit":L,"offset":O}, only chapters in the actor's scope. */
int chapter_list(struct td_ctx *ctx, const struct chapter_filter *f, json_t **out,
		 struct td_error *err);

/* Whether chapter is root or below it (through parent_id). For scope decisions: a union
 * officer of a district chapter covers the commune chapters under it. */
int chapter_in_tree(struct td_store *s, int64_t root, int64_t chapter, bool *out,
		    struct td_error *err);

#endif
