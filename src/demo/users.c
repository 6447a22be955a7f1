/*
 * The demo's users (docs/access.md roles): an administrator of the head office, the
 * director and a deputy director, the credit officers, tellers and controllers of the
 * district office (each also a staff record), a union officer of one commune chapter, a
 * group leader, an auditor and a board member of the city. Each gets a random password
 * (libsodium), kept in clear in demo_account (migration 0017) so that `tindung serve` can
 * print them: they are demo accounts, never real ones.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "bank/org_util.h"
#include "bank/session.h"
#include "bank/user.h"
#include "base/fold.h"
#include "demo/demo_internal.h"

#define PASSWORD_LEN 14

/* Letters and digits without the look-alikes (0/O, 1/l/I). */
static void random_password(char *out)
{
	static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	for (int k = 0; k < PASSWORD_LEN; k++)
		out[k] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[PASSWORD_LEN] = '\0';
}

/* "Nguyễn Thị Lan" -> "lan.nt"; a number is added while the name is taken. */
static int username_of(struct demo *d, const char *full_name, char *out, size_t size,
		       struct td_error *err)
{
	char folded[DEMO_NAME_MAX];
	fold_ascii(full_name, strlen(full_name), folded);
	char *words[8];
	int n = 0;
	for (char *t = strtok(folded, " "); t && n < 8; t = strtok(NULL, " "))
		words[n++] = t;
	char base[48] = "";
	if (n > 0) {
		size_t l = (size_t)snprintf(base, sizeof base, "%s.", words[n - 1]);
		for (int k = 0; k < n - 1 && l + 1 < sizeof base; k++)
			base[l++] = words[k][0], base[l] = '\0';
	}
	for (int k = 1;; k++) {
		if (k == 1)
			snprintf(out, size, "%s", base);
		else
			snprintf(out, size, "%s%d", base, k);
		int64_t taken = 0;
		int rc = org_query_int64(d->s, &taken, err,
					 "SELECT count(*) FROM app_user WHERE username = ?", "t",
					 out);
		if (rc != TD_OK || taken == 0)
			return rc;
	}
}

/* Adds the user, its demo_account row, and loads its actor into u. */
static int add(struct demo *d, struct demo_user *u, const char *username, const char *role,
	       int64_t office, int64_t chapter, int64_t group, const char *password,
	       const char *what, struct td_error *err)
{
	char pw[PASSWORD_LEN + 1], name[64];
	if (!password) {
		random_password(pw);
		password = pw;
	}
	int rc = TD_OK;
	if (!username) {
		rc = username_of(d, u->full_name, name, sizeof name, err);
		username = name;
	}
	struct user_input in = {.username = username,
				.full_name = u->full_name,
				.role = role,
				.office_id = office,
				.chapter_id = chapter,
				.group_id = group,
				.password = password};
	if (rc == TD_OK)
		rc = user_add(&d->ctx, &in, &u->user_id, err);
	if (rc == TD_OK)
		rc = org_exec(d->s, err,
			      "INSERT INTO demo_account (user_id, password, what) VALUES (?, ?, ?)",
			      "itt", u->user_id, password, what);
	bool disabled = false;
	if (rc == TD_OK)
		rc = session_actor_load(d->s, u->user_id, &u->actor, &disabled, err);
	return rc == TD_OK ? TD_OK : td_error_prefix(err, "user %s: ", username);
}

/* The first user, made by the command line's system actor: the head office's
 * administrator, who then sets up the network and the other users. */
int demo_users_admin(struct demo *d, struct td_error *err)
{
	struct demo_user *admin = &d->person[P_ADMIN];
	snprintf(admin->full_name, sizeof admin->full_name, "Quản trị viên");
	demo_as(d, P_SYSTEM, 0);
	return add(d, admin, "admin", "admin", d->head_id, 0, 0, d->opt.admin_password,
		   "Quản trị hệ thống, Hội sở chính", err);
}

/* The office's staff are users too (users are not linked to staff records yet). */
int demo_users_staff(struct demo *d, struct td_error *err)
{
	demo_as(d, P_ADMIN, 0);
	int rc = add(d, &d->person[P_DIRECTOR], NULL, "director", d->office_id, 0, 0, NULL,
		     "Giám đốc PGD NHCSXH huyện Kiến Thuỵ", err);
	if (rc == TD_OK)
		rc = add(d, &d->person[P_DEPUTY], NULL, "director", d->office_id, 0, 0, NULL,
			 "Phó giám đốc PGD NHCSXH huyện Kiến Thuỵ", err);
	for (int k = 0; rc == TD_OK && k < d->n_officers; k++) {
		char what[160];
		size_t l = (size_t)snprintf(what, sizeof what, "Cán bộ tín dụng, phụ trách");
		const char *sep = " ";
		for (int c = 0; c < d->n_communes && l < sizeof what; c++)
			if (d->commune[c].officer == k) {
				l += (size_t)snprintf(what + l, sizeof what - l, "%s%s", sep,
						      d->commune[c].name);
				sep = ", ";
			}
		rc = add(d, &d->officer[k], NULL, "credit_officer", d->office_id, 0, 0, NULL, what,
			 err);
	}
	for (int k = 0; rc == TD_OK && k < 3; k++)
		rc = add(d, &d->teller[k], NULL, "teller", d->office_id, 0, 0, NULL,
			 "Thủ quỹ, giao dịch viên tại điểm giao dịch xã", err);
	for (int k = 0; rc == TD_OK && k < 2; k++)
		rc = add(d, &d->controller[k], NULL, "controller", d->office_id, 0, 0, NULL,
			 "Kiểm soát viên", err);
	return rc;
}

/* People outside the office: a union officer, a group leader, an auditor and a board
 * member (after the chapters and groups they belong to exist). */
int demo_users_others(struct demo *d, struct td_error *err)
{
	struct demo_rng r = rng_fork(&d->rng, 21);
	/* the first rural commune with groups (a town when there is none) */
	int c = DEMO_NONE;
	for (int k = 0; k < d->n_communes; k++)
		if (d->commune[k].used &&
		    (c == DEMO_NONE || (d->commune[c].town && !d->commune[k].town)))
			c = k;
	char what[200];
	demo_as(d, P_ADMIN, 0);
	struct demo_user *u = &d->person[P_UNION];
	names_person(&r, true, u->full_name, sizeof u->full_name);
	snprintf(what, sizeof what, "Cán bộ Hội Liên hiệp Phụ nữ %s (lập hồ sơ vay của các tổ)",
		 d->commune[c].name);
	int rc = add(d, u, NULL, "union_officer", d->office_id, d->commune[c].chapter[ORG_WOMEN], 0,
		     NULL, what, err);
	/* the leader of one of that union's groups, whose applications the officer files */
	struct demo_group *g = &d->group[0];
	for (size_t k = d->n_groups; k-- > 0;)
		if (d->village[d->group[k].village].commune == c && d->group[k].org == ORG_WOMEN)
			g = &d->group[k];
	u = &d->person[P_LEADER];
	snprintf(u->full_name, sizeof u->full_name, "%s", d->hh[g->leader].name);
	snprintf(what, sizeof what, "Tổ trưởng tổ TK&VV %s, %s", d->village[g->village].name,
		 d->commune[d->village[g->village].commune].name);
	if (rc == TD_OK)
		rc = add(d, u, NULL, "group_leader", d->office_id, 0, g->id, NULL, what, err);
	u = &d->person[P_AUDITOR];
	names_person(&r, false, u->full_name, sizeof u->full_name);
	if (rc == TD_OK)
		rc = add(d, u, NULL, "auditor", d->branch_id, 0, 0, NULL,
			 "Kiểm toán nội bộ, Chi nhánh NHCSXH thành phố Hải Phòng", err);
	u = &d->person[P_BOARD];
	names_person(&r, false, u->full_name, sizeof u->full_name);
	if (rc == TD_OK)
		rc = add(d, u, NULL, "board", d->branch_id, 0, 0, NULL,
			 "Thành viên Ban đại diện HĐQT thành phố Hải Phòng", err);
	return rc;
}
