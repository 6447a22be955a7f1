/* tindung user add|passwd|lock|unlock|list: users on the command line, for administrators
 * (and the first administrator of a new database). Passwords never come from argv: from a
 * prompt on a terminal, else from --password-file FILE or the first line of stdin. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "bank/user.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/dbopen.h"
#include "cli/options.h"
#include "cli/table.h"

#define PASSWORD_BUF (USER_PASSWORD_MAX + 2)

static const char *help =
	"Cách dùng: tindung user LỆNH [tùy chọn]\n"
	"  add     --username TÊN --full-name \"HỌ TÊN\" --role VAI_TRÒ --office MÃ_ĐƠN_VỊ\n"
	"          [--chapter ID] [--group ID] [--password-file TỆP]\n"
	"  passwd  --username TÊN [--password-file TỆP]     đặt lại mật khẩu\n"
	"  lock    --username TÊN                           khóa tài khoản\n"
	"  unlock  --username TÊN                           mở khóa (cả khóa tạm do nhập sai)\n"
	"  list    [--office MÃ] [--role VAI_TRÒ] [--search CHUỖI] [--limit N] [--offset N]\n"
	"          [--json]\n"
	"Chung: [--db URL] [--user TÊN] (thực hiện với quyền của người dùng TÊN; mặc định là\n"
	"quản trị hệ thống của Hội sở chính).\n"
	"Vai trò: admin, director, credit_officer, teller, controller, union_officer (cần\n"
	"--chapter), group_leader (cần --group), board, auditor.\n"
	"Mật khẩu (ít nhất 10 ký tự): nhập hai lần khi chạy ở terminal; nếu không, dòng đầu của\n"
	"--password-file hoặc của stdin. Không bao giờ truyền mật khẩu trên dòng lệnh.\n";

struct user_opts {
	const char *db, *as_user, *username, *full_name, *role, *office, *password_file;
	const char *search;
	long chapter, group, limit, offset;
	bool json;
};

enum {
	O_DB = 1000,
	O_AS,
	O_NAME,
	O_FULL,
	O_ROLE,
	O_OFFICE,
	O_CHAPTER,
	O_GROUP,
	O_PWFILE,
	O_SEARCH,
	O_LIMIT,
	O_OFFSET,
	O_JSON
};

static int parse(const char *cmd, int argc, char **argv, struct user_opts *o)
{
	static const struct option opts[] = {{"db", required_argument, 0, O_DB},
					     {"user", required_argument, 0, O_AS},
					     {"username", required_argument, 0, O_NAME},
					     {"full-name", required_argument, 0, O_FULL},
					     {"role", required_argument, 0, O_ROLE},
					     {"office", required_argument, 0, O_OFFICE},
					     {"chapter", required_argument, 0, O_CHAPTER},
					     {"group", required_argument, 0, O_GROUP},
					     {"password-file", required_argument, 0, O_PWFILE},
					     {"search", required_argument, 0, O_SEARCH},
					     {"limit", required_argument, 0, O_LIMIT},
					     {"offset", required_argument, 0, O_OFFSET},
					     {"json", no_argument, 0, O_JSON},
					     {"help", no_argument, 0, 'h'},
					     {0, 0, 0, 0}};
	int c;
	while ((c = cli_getopt(cmd, argc, argv, opts)) != -1) {
		int rc = CLI_OK;
		switch (c) {
		case 'h': fputs(help, stdout); return -1;
		case O_DB: o->db = optarg; break;
		case O_AS: o->as_user = optarg; break;
		case O_NAME: o->username = optarg; break;
		case O_FULL: o->full_name = optarg; break;
		case O_ROLE: o->role = optarg; break;
		case O_OFFICE: o->office = optarg; break;
		case O_PWFILE: o->password_file = optarg; break;
		case O_SEARCH: o->search = optarg; break;
		case O_JSON: o->json = true; break;
		case O_CHAPTER:
			rc = cli_parse_int(cmd, "--chapter", optarg, 1, 1L << 40, &o->chapter);
			break;
		case O_GROUP:
			rc = cli_parse_int(cmd, "--group", optarg, 1, 1L << 40, &o->group);
			break;
		case O_LIMIT: rc = cli_parse_int(cmd, "--limit", optarg, 1, 500, &o->limit); break;
		case O_OFFSET:
			rc = cli_parse_int(cmd, "--offset", optarg, 0, 1L << 30, &o->offset);
			break;
		default: return CLI_ERROR;
		}
		if (rc != CLI_OK)
			return rc;
	}
	return cli_no_positionals(cmd, argc, argv);
}

/* ---- passwords ---- */

/* One line of f without its line end; false at end of file or when too long. */
static bool read_line(FILE *f, char *buf, size_t size)
{
	if (!fgets(buf, (int)size, f))
		return false;
	size_t n = strcspn(buf, "\r\n");
	if (buf[n] == '\0' && n == size - 1)
		return false; /* longer than the buffer */
	buf[n] = '\0';
	return true;
}

static bool prompt_hidden(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	fputs(prompt, stderr);
	fflush(stderr);
	bool hide = tcgetattr(STDIN_FILENO, &old) == 0;
	if (hide) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	bool ok = read_line(stdin, buf, size);
	if (hide)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return ok;
}

static int read_password(const char *cmd, const char *file, char *buf, size_t size)
{
	if (file) {
		FILE *f = fopen(file, "r");
		if (!f)
			return cli_failf(cmd, "cannot read password file %s: %s", file,
					 strerror(errno));
		bool ok = read_line(f, buf, size);
		fclose(f);
		if (!ok)
			return cli_failf(cmd,
					 "password file %s is empty or its first line is longer "
					 "than %d bytes",
					 file, USER_PASSWORD_MAX);
		return CLI_OK;
	}
	if (!isatty(STDIN_FILENO)) {
		if (!read_line(stdin, buf, size))
			return cli_failf(cmd,
					 "no password on stdin (or longer than %d bytes); use "
					 "--password-file FILE",
					 USER_PASSWORD_MAX);
		return CLI_OK;
	}
	char again[PASSWORD_BUF];
	bool ok = prompt_hidden("Mật khẩu: ", buf, size) &&
		  prompt_hidden("Nhập lại mật khẩu: ", again, sizeof again);
	bool same = ok && strcmp(buf, again) == 0;
	explicit_bzero(again, sizeof again);
	if (!ok)
		return cli_failf(cmd, "no password entered");
	if (!same)
		return cli_failf(cmd, "the two passwords differ (hai lần nhập không khớp)");
	return CLI_OK;
}

/* ---- subcommands ---- */

static int user_add_cmd(struct td_ctx *ctx, const struct user_opts *o)
{
	const char *cmd = "user add";
	if (!o->username || !o->role || !o->office)
		return cli_failf(cmd, "--username, --role and --office are required (xem tindung "
				      "user --help)");
	char pw[PASSWORD_BUF];
	if (read_password(cmd, o->password_file, pw, sizeof pw) != CLI_OK)
		return CLI_ERROR;
	struct user_input in = {.username = o->username,
				.full_name = o->full_name,
				.role = o->role,
				.office_code = o->office,
				.chapter_id = o->chapter,
				.group_id = o->group,
				.password = pw};
	struct td_error err = {0};
	int64_t id = 0;
	int rc = user_add(ctx, &in, &id, &err);
	explicit_bzero(pw, sizeof pw);
	if (rc != TD_OK)
		return cli_fail(cmd, &err);
	printf("Đã tạo người dùng %s (#%lld), vai trò %s, đơn vị %s.\n", o->username, (long long)id,
	       o->role, o->office);
	return CLI_OK;
}

static int need_user(const char *cmd, struct td_ctx *ctx, const struct user_opts *o, int64_t *id)
{
	struct td_error err = {0};
	if (!o->username)
		return cli_failf(cmd, "--username is required");
	if (user_id_by_name(ctx->store, o->username, id, &err) != TD_OK)
		return cli_fail(cmd, &err);
	return CLI_OK;
}

static int user_passwd_cmd(struct td_ctx *ctx, const struct user_opts *o)
{
	const char *cmd = "user passwd";
	int64_t id = 0;
	char pw[PASSWORD_BUF];
	if (need_user(cmd, ctx, o, &id) != CLI_OK ||
	    read_password(cmd, o->password_file, pw, sizeof pw) != CLI_OK)
		return CLI_ERROR;
	struct td_error err = {0};
	int rc = user_set_password(ctx, id, pw, &err);
	explicit_bzero(pw, sizeof pw);
	if (rc != TD_OK)
		return cli_fail(cmd, &err);
	printf("Đã đặt mật khẩu mới cho %s; các phiên đăng nhập cũ đã kết thúc.\n", o->username);
	return CLI_OK;
}

static int user_lock_cmd(struct td_ctx *ctx, const struct user_opts *o, bool lock)
{
	const char *cmd = lock ? "user lock" : "user unlock";
	int64_t id = 0;
	if (need_user(cmd, ctx, o, &id) != CLI_OK)
		return CLI_ERROR;
	struct td_error err = {0};
	int rc = lock ? user_lock(ctx, id, &err) : user_unlock(ctx, id, &err);
	if (rc != TD_OK)
		return cli_fail(cmd, &err);
	printf(lock ? "Đã khóa tài khoản %s.\n" : "Đã mở khóa tài khoản %s.\n", o->username);
	return CLI_OK;
}

static int office_by_code(struct td_store *s, const char *code, int64_t *id, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = store_prepare(s, "SELECT id FROM office WHERE code = ?", &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_text(st, 1, code);
	rc = stmt_step(st, err);
	if (rc == TD_ROW)
		*id = stmt_column_int64(st, 0);
	stmt_finalize(st);
	if (rc == TD_DONE)
		return td_error_set(err, TD_ENOTFOUND, "office '%s' does not exist (đơn vị)", code);
	return rc == TD_ROW ? TD_OK : rc;
}

static const char *state_of(json_t *u, time_t now)
{
	if (json_is_true(json_object_get(u, "disabled")))
		return "khóa";
	if (json_integer_value(json_object_get(u, "locked_until")) > (json_int_t)now)
		return "tạm khóa";
	return "hoạt động";
}

static void print_users(json_t *list)
{
	static const int w[] = {6, 24, 15, 8, 10};
	static const char *const head[] = {"ID", "TÊN ĐĂNG NHẬP", "VAI TRÒ", "ĐƠN VỊ",
					   "TRẠNG THÁI"};
	for (int c = 0; c < 5; c++)
		cli_cell(stdout, head[c], w[c]);
	puts("HỌ TÊN");
	json_t *items = json_object_get(list, "items");
	time_t now = time(NULL);
	size_t i;
	json_t *u;
	json_array_foreach(items, i, u)
	{
		char id[24];
		snprintf(id, sizeof id, "%lld",
			 (long long)json_integer_value(json_object_get(u, "id")));
		cli_cell(stdout, id, w[0]);
		cli_cell(stdout, json_string_value(json_object_get(u, "username")), w[1]);
		cli_cell(stdout, json_string_value(json_object_get(u, "role")), w[2]);
		cli_cell(stdout, json_string_value(json_object_get(u, "office_code")), w[3]);
		cli_cell(stdout, state_of(u, now), w[4]);
		puts(json_string_value(json_object_get(u, "full_name")));
	}
	printf("%zu / %lld người dùng\n", json_array_size(items),
	       (long long)json_integer_value(json_object_get(list, "total")));
}

static int user_list_cmd(struct td_ctx *ctx, const struct user_opts *o)
{
	const char *cmd = "user list";
	struct td_error err = {0};
	struct user_filter f = {
		.role = o->role, .q = o->search, .limit = (int)o->limit, .offset = (int)o->offset};
	json_t *list = NULL;
	if (o->office && office_by_code(ctx->store, o->office, &f.office_id, &err) != TD_OK)
		return cli_fail(cmd, &err);
	if (user_list(ctx, &f, &list, &err) != TD_OK)
		return cli_fail(cmd, &err);
	if (o->json) {
		json_dumpf(list, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
	} else {
		print_users(list);
	}
	json_decref(list);
	return CLI_OK;
}

static int run(const char *sub, const char *used, int argc, char **argv)
{
	char cmd[32];
	snprintf(cmd, sizeof cmd, "user %s", sub);
	struct user_opts o = {0};
	int rc = parse(cmd, argc, argv, &o);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (cli_options_only(cmd, used) != CLI_OK)
		return CLI_ERROR;
	struct td_store *s = NULL;
	if (cli_open_db(cmd, cli_db_url(o.db), &s) != CLI_OK)
		return CLI_ERROR;
	struct td_actor actor;
	struct td_ctx ctx;
	rc = cli_ctx(cmd, s, o.as_user, &actor, &ctx);
	if (rc == CLI_OK) {
		if (strcmp(sub, "add") == 0)
			rc = user_add_cmd(&ctx, &o);
		else if (strcmp(sub, "passwd") == 0)
			rc = user_passwd_cmd(&ctx, &o);
		else if (strcmp(sub, "lock") == 0 || strcmp(sub, "unlock") == 0)
			rc = user_lock_cmd(&ctx, &o, strcmp(sub, "lock") == 0);
		else
			rc = user_list_cmd(&ctx, &o);
	}
	store_close(s);
	return rc;
}

int cmd_user(int argc, char **argv)
{
	static const struct {
		const char *name, *used; /* the subcommand and its options (cli_options_only) */
	} subs[] = {
		{"add", "user username full-name role office chapter group password-file"},
		{"passwd", "user username password-file"},
		{"lock", "user username"},
		{"unlock", "user username"},
		{"list", "user office role search limit offset json"},
	};
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return run(subs[i].name, subs[i].used, argc - 1, argv + 1);
	return cli_failf("user",
			 "không có lệnh con '%s'; dùng add, passwd, lock, unlock, list "
			 "(xem tindung user --help)",
			 argv[1]);
}
