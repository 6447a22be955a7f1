/* `tindung demo` at a size `make bench` can afford (docs/demo.md, docs/PERFORMANCE.md):
 * a temporary SQLite database, the demo of HOUSEHOLDS borrowing households (default 1,000:
 * three years, about 60,000 session lines), timed end to end, then per session line, the
 * unit that the default run (11,000 households, about 560,000 lines) is made of.
 *
 *   bench_demo [HOUSEHOLDS] [DB_URL]   (a postgres:// URL of an empty database works)
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "demo/demo.h"
#include "store/store.h"

static long long count(struct td_store *s, const char *sql)
{
	int64_t n = 0;
	struct td_error err = {0};
	if (store_query_int64(s, sql, &n, &err) != TD_OK)
		fprintf(stderr, "bench_demo: %s: %s\n", sql, err.msg);
	return (long long)n;
}

int main(int argc, char **argv)
{
	long households = argc > 1 ? atol(argv[1]) : 1000;
	char path[] = "/tmp/bench_demo_XXXXXX";
	char url[512];
	bool temporary = argc <= 2;
	if (temporary) {
		int fd = mkstemp(path);
		if (fd < 0)
			return perror("mkstemp"), 1;
		close(fd);
		unlink(path); /* the store makes the file itself */
		snprintf(url, sizeof url, "%s", path);
	} else {
		snprintf(url, sizeof url, "%s", argv[2]);
	}
	setenv("TD_PWHASH_FAST", "1", 1); /* the users' hashing is not what is measured */
	struct td_error err = {0};
	struct td_store *s = NULL;
	if (store_open(url, TD_OPEN_CREATE, &s, &err) != TD_OK || store_migrate(s, NULL, &err))
		return fprintf(stderr, "bench_demo: %s\n", err.msg), 1;
	struct demo_options o;
	demo_options_default(&o);
	o.households = households;
	struct demo_summary sum;
	double t0 = bench_now();
	int rc = demo_build(s, &o, &sum, &err);
	double secs = bench_now() - t0;
	if (rc != TD_OK)
		fprintf(stderr, "bench_demo: %s\n", err.msg);
	long long lines = count(s, "SELECT count(*) FROM session_line");
	store_close(s);
	if (temporary) {
		const char *suffix[] = {"", "-wal", "-shm"};
		for (int k = 0; k < 3; k++) {
			char name[600];
			snprintf(name, sizeof name, "%s%s", path, suffix[k]);
			unlink(name);
		}
	}
	if (rc != TD_OK)
		return 1;
	printf("demo of %ld households: %lld borrowing, %lld loans, %lld sessions\n", households,
	       (long long)sum.borrowers, (long long)sum.loans, (long long)sum.sessions);
	bench_report("demo: whole build", 1, "build", secs);
	bench_report("demo: session lines", lines, "lines", secs);
	return 0;
}
