/* tindung demo [--db URL] [--seed N] [--households N] [--admin-password-file FILE]:
 * builds Kiến Thụy district into an empty database (src/demo, docs/demo.md). */
#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/human.h"
#include "cli/options.h"
#include "demo/demo.h"

static const char *help =
	"Cách dùng: tindung demo [--db URL] [--seed N] [--households N] [--until NGÀY]\n"
	"                        [--admin-password-file TỆP]\n"
	"Dựng một phòng giao dịch mẫu để xem: huyện Kiến Thuỵ (Hải Phòng) với các xã thật, thôn,\n"
	"chi hội của bốn hội đoàn thể, tổ TK&VV, danh sách hộ nghèo, 12 chương trình cho vay và "
	"ba\n"
	"năm hoạt động 2022-2024 (nộp hồ sơ, phiên giao dịch hằng tháng, trả chậm, gia hạn, "
	"khoanh\n"
	"và xóa nợ), tất cả qua các nghiệp vụ của ngân hàng. Chỉ dựng vào cơ sở dữ liệu rỗng (tệp\n"
	"mới, hoặc vừa tindung init); cơ sở đã có dữ liệu bị từ chối và không bị đổi.\n"
	"  --seed N              hạt giống ngẫu nhiên (mặc định 1): cùng hạt giống, cùng dữ liệu\n"
	"  --households N        số hộ đang vay cuối kỳ (mặc định 11000, như bài báo; 1..200000)\n"
	"  --until NGÀY          chạy tới ngày này (YYYY-MM-DD, 2022-01-01..2027-12-31; mặc định\n"
	"                        2024-12-31); qua 01/07/2025 là qua sáp nhập đơn vị hành chính:\n"
	"                        16 xã của huyện thành 5 xã của thành phố Hải Phòng\n"
	"  --admin-password-file mật khẩu của tài khoản admin (dòng đầu tệp); mặc định ngẫu nhiên\n"
	"In ra các tài khoản demo và mật khẩu (tindung serve cũng in khi khởi động).\n";

struct demo_cli {
	const char *db, *password_file;
	struct demo_options o;
};

static int parse_seed(const char *s, uint64_t *out)
{
	char *end = NULL;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (!*s || *end || errno || s[0] == '-' || v > INT64_MAX)
		return cli_failf("demo", "--seed '%s' is not a whole number from 0 to %" PRId64, s,
				 INT64_MAX);
	*out = v;
	return CLI_OK;
}

/* A date the demo can reach; demo_build checks the bounds again. */
static int parse_until(const char *s, td_date *out)
{
	struct td_error err = {0};
	td_date lo = 0, hi = 0;
	if (date_parse_any(s, out, &err) != TD_OK)
		return cli_failf("demo", "--until '%s': %s", s, err.msg);
	date_parse_iso(DEMO_UNTIL_MIN, &lo, &err);
	date_parse_iso(DEMO_UNTIL_MAX, &hi, &err);
	if (*out < lo || *out > hi)
		return cli_failf("demo", "--until %s nằm ngoài %s..%s", s, DEMO_UNTIL_MIN,
				 DEMO_UNTIL_MAX);
	return CLI_OK;
}

static int parse(int argc, char **argv, struct demo_cli *c)
{
	enum { O_DB = 1000, O_SEED, O_HOUSEHOLDS, O_PASSWORD, O_UNTIL };
	static const struct option opts[] = {
		{"db", required_argument, 0, O_DB},
		{"seed", required_argument, 0, O_SEED},
		{"until", required_argument, 0, O_UNTIL},
		{"households", required_argument, 0, O_HOUSEHOLDS},
		{"admin-password-file", required_argument, 0, O_PASSWORD},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0}};
	int opt;
	while ((opt = cli_getopt("demo", argc, argv, opts)) != -1) {
		long n = 0;
		int rc = CLI_OK;
		switch (opt) {
		case 'h': fputs(help, stdout); return -1;
		case O_DB: c->db = optarg; break;
		case O_SEED: rc = parse_seed(optarg, &c->o.seed); break;
		case O_HOUSEHOLDS:
			rc = cli_parse_int("demo", "--households", optarg, 1, DEMO_HOUSEHOLDS_MAX,
					   &n);
			c->o.households = n;
			break;
		case O_PASSWORD: c->password_file = optarg; break;
		case O_UNTIL: rc = parse_until(optarg, &c->o.until); break;
		default: return CLI_ERROR;
		}
		if (rc != CLI_OK)
			return rc;
	}
	return cli_no_positionals("demo", argc, argv);
}

/* The first line of path, at least 10 characters as user_add wants (it checks again). */
static int read_password(const char *path, char *out, size_t size)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return cli_failf("demo", "cannot read --admin-password-file %s: %s", path,
				 strerror(errno));
	bool ok = fgets(out, (int)size, f) != NULL;
	fclose(f);
	out[ok ? strcspn(out, "\r\n") : 0] = '\0';
	if (!out[0])
		return cli_failf("demo", "--admin-password-file %s is empty", path);
	return CLI_OK;
}

static const char *sqlite_path(const char *url)
{
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return NULL;
	return strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
}

static void remove_created(const char *path)
{
	const char *suffix[] = {"", "-wal", "-shm", "-journal"};
	char name[4096];
	for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
		snprintf(name, sizeof name, "%s%s", path, suffix[i]);
		unlink(name);
	}
}

static void progress(void *arg, const char *line)
{
	(void)arg;
	printf("%s\n", line);
	fflush(stdout);
}

static void print_account(void *arg, const struct demo_account *a)
{
	(void)arg;
	printf("  %-16s %-16s %-15s %s\n", a->username, a->password, a->role, a->what);
}

static void print_summary(const struct demo_summary *s)
{
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX], out[TD_MONEY_FMT_MAX], od[TD_MONEY_FMT_MAX],
		fr[TD_MONEY_FMT_MAX];
	printf("\nHuyện Kiến Thuỵ, %s – %s:\n", date_format_vn(s->start, a, sizeof a),
	       date_format_vn(s->end, b, sizeof b));
	printf("  %lld xã, thị trấn có tổ, %lld thôn, %lld chi hội, %lld tổ TK&VV, %lld hộ (%lld "
	       "tổ viên)\n",
	       (long long)s->communes, (long long)s->villages, (long long)s->chapters,
	       (long long)s->groups, (long long)s->households, (long long)s->members);
	printf("  %lld hộ đang vay, %lld khoản vay đang vay (%lld đã giải ngân), %lld chương "
	       "trình\n",
	       (long long)s->borrowers, (long long)s->loans_open, (long long)s->loans,
	       (long long)s->programmes);
	char bal[TD_MONEY_FMT_MAX], rt[HUMAN_MAX];
	printf("  dư nợ %s đồng; nợ quá hạn (gốc quá hạn) %s đồng, tỷ lệ %s; dư nợ của các khoản "
	       "vay có nợ quá hạn %s đồng; nợ khoanh %s đồng\n",
	       money_format(s->outstanding, out, sizeof out),
	       money_format(s->overdue, od, sizeof od), human_ratio(s->overdue, s->outstanding, rt),
	       money_format(s->overdue_loans_balance, bal, sizeof bal),
	       money_format(s->frozen, fr, sizeof fr));
	printf("  %lld phiên giao dịch, %lld hồ sơ vay (%lld từ chối), %lld gia hạn, %lld khoanh, "
	       "%lld hết khoanh, %lld xóa nợ\n",
	       (long long)s->sessions, (long long)s->applications, (long long)s->rejected,
	       (long long)s->extensions, (long long)s->freezes, (long long)s->unfreezes,
	       (long long)s->write_offs);
}

static int open_db(const char *url, struct td_store **s, bool *created)
{
	struct td_error err = {0};
	const char *path = sqlite_path(url);
	struct stat st;
	*created = path && stat(path, &st) != 0;
	int rc = store_open(url, *created ? TD_OPEN_CREATE : TD_OPEN_EXISTING, s, &err);
	bool empty = false;
	if (rc == TD_OK && !*created)
		rc = demo_database_empty(*s, &empty, &err);
	if (rc == TD_OK && !*created && !empty)
		rc = td_error_set(&err, TD_ECONFLICT,
				  "database %s already holds data; the demo builds only into an "
				  "empty database (a new file, or one just made by tindung init)",
				  url);
	if (rc == TD_OK)
		rc = store_migrate(*s, NULL, &err);
	if (rc == TD_OK)
		return CLI_OK;
	if (*s)
		store_close(*s);
	*s = NULL;
	if (*created && path)
		remove_created(path);
	return cli_fail("demo", &err);
}

int cmd_demo(int argc, char **argv)
{
	struct demo_cli c = {0};
	demo_options_default(&c.o);
	int rc = parse(argc, argv, &c);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	char password[300];
	if (c.password_file && read_password(c.password_file, password, sizeof password) != CLI_OK)
		return CLI_ERROR;
	c.o.admin_password = c.password_file ? password : NULL;
	c.o.progress = progress;
	const char *url = cli_db_url(c.db);
	struct td_store *s = NULL;
	bool created = false;
	if (open_db(url, &s, &created) != CLI_OK)
		return CLI_ERROR;
	printf("Dựng huyện mẫu vào %s (hạt giống %" PRIu64 ", %lld hộ vay)...\n", url, c.o.seed,
	       (long long)c.o.households);
	struct demo_summary sum;
	struct td_error err = {0};
	rc = demo_build(s, &c.o, &sum, &err);
	bool is_demo = false;
	if (rc == TD_OK) {
		print_summary(&sum);
		printf("\nTài khoản demo (mật khẩu ngẫu nhiên, chỉ để xem thử):\n");
		rc = demo_accounts(s, &is_demo, print_account, NULL, &err);
	}
	store_close(s);
	if (rc != TD_OK) {
		if (created && sqlite_path(url))
			remove_created(sqlite_path(url));
		return cli_fail("demo", &err);
	}
	return CLI_OK;
}
