/* Throughput of the base modules on the hot paths of later work: interest math,
 * date conversion, money parsing and CSV reading (a poverty list of 100,000 rows). */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/money.h"
#include "bench.h"

static volatile int64_t sink;

static void bench_interest(void)
{
	const long long n = 20 * 1000 * 1000;
	double t = bench_now();
	int64_t acc = 0;
	for (long long i = 0; i < n; i++) {
		td_money out = 0;
		money_interest(100000000 + i, 66000, 1 + i % 365, 365, 100 + (i & 1) * 30, &out);
		acc += out;
	}
	sink = acc;
	bench_report("money_interest", n, "calls", bench_now() - t);
}

static void bench_dates(void)
{
	const long long n = 20 * 1000 * 1000;
	double t = bench_now();
	int64_t acc = 0;
	for (long long i = 0; i < n; i++) {
		struct td_civil c = date_to_civil((td_date)(i % 80000));
		td_date d = 0;
		date_from_civil(c.year, c.month, c.day, &d, NULL);
		acc += date_add_months(d, (int)(i % 120));
	}
	sink = acc;
	bench_report("date civil round trip + add_months", n, "calls", bench_now() - t);
}

static void bench_money_parse(void)
{
	const long long n = 5 * 1000 * 1000;
	static const char *const in[] = {"1.234.567", "100000000", "2,500,000", "487.000.000.000"};
	double t = bench_now();
	int64_t acc = 0;
	for (long long i = 0; i < n; i++) {
		td_money v = 0;
		money_parse(in[i & 3], &v, NULL);
		acc += v;
	}
	sink = acc;
	bench_report("money_parse", n, "calls", bench_now() - t);
}

static void bench_csv(void)
{
	const int rows = 100000;
	struct buf b;
	buf_init(&b, 64u << 20);
	buf_append(&b, "cccd,ho_ten,thon,phan_loai,nam\n", 31);
	for (int i = 0; i < rows; i++)
		buf_appendf(&b, "0311%08d,\"Nguyễn Văn %d\",Thôn %d,ngheo,2025\n", i, i, i % 40);
	struct csv_reader r;
	struct csv_row row;
	struct td_error err;
	double t = bench_now();
	csv_reader_init_mem(&r, buf_str(&b), b.len, NULL);
	long long n = 0;
	while (csv_read_row(&r, &row, &err) == TD_OK && row.n > 0)
		n++;
	double secs = bench_now() - t;
	csv_reader_free(&r);
	bench_report("csv_read_row (poverty-list rows)", n, "rows", secs);
	bench_report("csv_read_row bytes", (long long)b.len, "B", secs);
	buf_free(&b);
}

int main(void)
{
	bench_interest();
	bench_dates();
	bench_money_parse();
	bench_csv();
	return 0;
}
