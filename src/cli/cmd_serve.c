/* tindung serve: the web UI and the JSON API until SIGINT/SIGTERM. */
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "api/server.h"
#include "cli/cli.h"
#include "cli/dbopen.h"
#include "cli/options.h"
#include "demo/demo.h"

static const char *help =
	"Cách dùng: tindung serve [--db URL] [--host ĐỊA_CHỈ] [--port CỔNG] [--threads N]\n"
	"                         [--stop-after GIÂY]\n"
	"Chạy máy chủ web và API (mặc định http://127.0.0.1:8080) đến khi nhấn Ctrl-C.\n"
	"  --port 0         chọn một cổng trống và in ra địa chỉ\n"
	"  --stop-after N   tự dừng sau N giây (dùng cho kiểm thử)\n";

struct serve_opts {
	const char *db;
	const char *host;
	long port;
	long threads;
	long stop_after;
};

static int parse(int argc, char **argv, struct serve_opts *o)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'},         {"host", required_argument, 0, 'H'},
		{"port", required_argument, 0, 'p'},       {"threads", required_argument, 0, 't'},
		{"stop-after", required_argument, 0, 's'}, {"help", no_argument, 0, 'h'},
		{0, 0, 0, 0}};
	int c;
	while ((c = cli_getopt("serve", argc, argv, opts)) != -1) {
		int rc = CLI_OK;
		switch (c) {
		case 'h': fputs(help, stdout); return -1;
		case 'd': o->db = optarg; break;
		case 'H': o->host = optarg; break;
		case 'p': rc = cli_parse_int("serve", "--port", optarg, 0, 65535, &o->port); break;
		case 't': rc = cli_parse_int("serve", "--threads", optarg, 1, 256, &o->threads); break;
		case 's':
			rc = cli_parse_int("serve", "--stop-after", optarg, 1, 86400, &o->stop_after);
			break;
		default: return CLI_ERROR;
		}
		if (rc != CLI_OK)
			return rc;
	}
	return cli_no_positionals("serve", argc, argv);
}

/* Prints the header before the first account. */
static void print_account(void *arg, const struct demo_account *a)
{
	int *n = arg;
	if ((*n)++ == 0)
		printf("Cơ sở dữ liệu demo (dữ liệu giả lập của tindung demo). Tài khoản demo, mật "
		       "khẩu ngẫu nhiên, chỉ để xem thử:\n");
	printf("  %-16s %-16s %-15s %s\n", a->username, a->password, a->role, a->what);
}

/* A database made by `tindung demo` has demo accounts: print them, clearly labelled, so
 * that whoever started the server can sign in (docs/demo.md). */
static int print_demo_accounts(struct td_store *s)
{
	struct td_error err = {0};
	bool is_demo = false;
	int n = 0;
	if (demo_accounts(s, &is_demo, print_account, &n, &err) != TD_OK)
		return cli_fail("serve", &err);
	return CLI_OK;
}

/* Waits for SIGINT/SIGTERM, or for stop_after seconds when it is set. */
static void wait_for_stop(const sigset_t *set, long stop_after)
{
	if (stop_after > 0) {
		struct timespec ts = {.tv_sec = stop_after};
		sigtimedwait(set, NULL, &ts);
	} else {
		int sig;
		sigwait(set, &sig);
	}
}

int cmd_serve(int argc, char **argv)
{
	struct serve_opts o = {.host = "127.0.0.1", .port = 8080};
	int rc = parse(argc, argv, &o);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	const char *url = cli_db_url(o.db);

	struct td_store *s = NULL;
	if (cli_open_db("serve", url, &s) != CLI_OK)
		return CLI_ERROR;
	const char *backend = store_backend_name(s);
	rc = print_demo_accounts(s);
	store_close(s);
	if (rc != CLI_OK)
		return rc;

	/* Block the stop signals before any server thread exists, so only sigwait sees them. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct api_server_config cfg = {.db_url = url, .host = o.host, .port = (int)o.port,
					.threads = (unsigned)o.threads};
	struct api_server *srv = NULL;
	struct td_error err = {0};
	if (api_server_start(&cfg, &srv, &err) != TD_OK)
		return cli_fail("serve", &err);
	printf("tindung đang phục vụ tại http://%s:%d/ (%s: %s) — nhấn Ctrl-C để dừng\n", o.host,
	       api_server_port(srv), backend, url);
	fflush(stdout);
	wait_for_stop(&set, o.stop_after);
	api_server_stop(srv);
	printf("tindung đã dừng.\n");
	return CLI_OK;
}
