/* Entrustment fee (R-FEE-1) and group leader commission (R-FEE-2). */
#include "credit/fee.h"

#include <assert.h>
#include <string.h>

const char *fee_level_name(enum fee_level level)
{
	static const char *const names[FEE_LEVEL_COUNT] = {"commune", "district", "province",
							   "centre"};
	assert((unsigned)level < FEE_LEVEL_COUNT);
	return names[level];
}

static int check_tiers(const struct fee_params *p, struct td_error *err)
{
	if (p->ntiers < 0 || p->ntiers > FEE_TIERS_MAX)
		return td_error_set(err, TD_EINVAL, "entrustment fee: %d tiers, allowed 0..%d",
				    p->ntiers, FEE_TIERS_MAX);
	int32_t prev = 0;
	for (int i = 0; i < p->ntiers; i++) {
		const struct fee_tier *t = &p->tiers[i];
		if (t->below_bp <= prev || t->below_bp > FEE_BP)
			return td_error_set(err, TD_EINVAL,
					    "entrustment fee: tier %d limit %d bp must be above %d "
					    "and at most %d",
					    i + 1, t->below_bp, prev, FEE_BP);
		if (t->paid_bp < 0 || t->paid_bp > FEE_BP)
			return td_error_set(err, TD_EINVAL,
					    "entrustment fee: tier %d pays %d bp, allowed 0..%d",
					    i + 1, t->paid_bp, FEE_BP);
		prev = t->below_bp;
	}
	return TD_OK;
}

int fee_params_check(const struct fee_params *p, struct td_error *err)
{
	int rc = check_tiers(p, err);
	if (rc != TD_OK)
		return rc;
	int64_t sum = 0;
	for (int i = 0; i < FEE_LEVEL_COUNT; i++) {
		if (p->split_bp[i] < 0)
			return td_error_set(err, TD_EINVAL,
					    "entrustment fee: %s share %d bp is negative",
					    fee_level_name(i), p->split_bp[i]);
		sum += p->split_bp[i];
	}
	if (sum != FEE_BP)
		return td_error_set(err, TD_EINVAL,
				    "entrustment fee: split sums to %lld bp, needs %d (100 %%)",
				    (long long)sum, FEE_BP);
	return TD_OK;
}

int32_t fee_paid_share(const struct fee_params *p, td_money overdue, td_money outstanding)
{
	assert(overdue >= 0 && overdue <= outstanding);
	/* overdue / outstanding < below / FEE_BP, cross-multiplied so that it stays exact. */
	for (int i = 0; i < p->ntiers; i++)
		if ((__int128)overdue * FEE_BP < (__int128)outstanding * p->tiers[i].below_bp ||
		    outstanding == 0)
			return p->tiers[i].paid_bp;
	return 0;
}

/* Every part's base and rate in range; *num = Σ base x rate (exact). */
static int parts_sum(const char *what, const struct fee_part *parts, size_t n, __int128 *num,
		     struct td_error *err)
{
	*num = 0;
	if (n > 0 && !parts)
		return td_error_set(err, TD_EINVAL, "%s: no parts", what);
	for (size_t i = 0; i < n; i++) {
		if (parts[i].base < 0 || parts[i].base > TD_MONEY_MAX_INPUT)
			return td_error_set(err, TD_EINVAL, "%s: base %lld is outside 0..10^15",
					    what, (long long)parts[i].base);
		if (parts[i].rate_ppm_month < 0 || parts[i].rate_ppm_month > FEE_PPM)
			return td_error_set(err, TD_EINVAL,
					    "%s: rate %lld millionths per month, allowed 0..%d",
					    what, (long long)parts[i].rate_ppm_month, FEE_PPM);
		*num += (__int128)parts[i].base * parts[i].rate_ppm_month;
	}
	return TD_OK;
}

/* round(num / den) half-up for num >= 0; fits: the parts' bases are bounded. */
static td_money round_div(__int128 num, __int128 den)
{
	assert(num >= 0 && den > 0);
	__int128 q = (num + den / 2) / den;
	assert(q <= INT64_MAX);
	return (td_money)q;
}

td_money fee_parts_base(const struct fee_part *parts, size_t nparts)
{
	td_money sum = 0;
	for (size_t i = 0; i < nparts; i++)
		sum += parts[i].base;
	return sum;
}

static int check_chapter(const struct fee_chapter_month *in, struct td_error *err)
{
	if (in->outstanding < 0 || in->overdue < 0)
		return td_error_set(err, TD_EINVAL,
				    "entrustment fee: amounts must not be negative (outstanding "
				    "%lld, overdue %lld)",
				    (long long)in->outstanding, (long long)in->overdue);
	if (in->overdue > in->outstanding)
		return td_error_set(err, TD_EINVAL,
				    "entrustment fee: overdue %lld is above outstanding %lld",
				    (long long)in->overdue, (long long)in->outstanding);
	return TD_OK;
}

/* Levels above the commune get their share rounded down; the commune takes the rest. */
static void split_fee(const struct fee_params *p, td_money payable, td_money *split)
{
	td_money rest = payable;
	for (int i = 0; i < FEE_LEVEL_COUNT; i++) {
		if (i == FEE_COMMUNE)
			continue;
		split[i] = (td_money)((__int128)payable * p->split_bp[i] / FEE_BP);
		rest -= split[i];
	}
	split[FEE_COMMUNE] = rest;
	assert(rest >= 0);
}

int fee_entrustment(const struct fee_params *p, const struct fee_chapter_month *in,
		    struct fee_result *out, struct td_error *err)
{
	__int128 num = 0;
	int rc = fee_params_check(p, err);
	if (rc == TD_OK)
		rc = check_chapter(in, err);
	if (rc == TD_OK)
		rc = parts_sum("entrustment fee", in->parts, in->nparts, &num, err);
	if (rc != TD_OK)
		return rc;
	struct fee_result r = {0};
	r.paid_bp = fee_paid_share(p, in->overdue, in->outstanding);
	/* rate <= 100 % and share <= 100 %: neither result exceeds the base, so both fit. */
	r.gross = round_div(num, FEE_PPM);
	/* One rounding for the payable fee: Σ base x rate x share / (10^6 x 10^4). */
	r.payable = round_div(num * r.paid_bp, (__int128)FEE_PPM * FEE_BP);
	assert(r.payable <= r.gross);
	split_fee(p, r.payable, r.split);
	*out = r;
	return TD_OK;
}

int fee_leader_commission(const struct fee_part *parts, size_t nparts, td_money *out,
			  struct td_error *err)
{
	__int128 num = 0;
	int rc = parts_sum("leader commission", parts, nparts, &num, err);
	if (rc != TD_OK)
		return rc;
	*out = round_div(num, FEE_PPM);
	return TD_OK;
}

/* "4.5" -> 450 bp: a percentage with at most two decimals, 0..100. */
static int percent_bp(const char *s, size_t len, int32_t *out, struct td_error *err)
{
	char buf[32];
	if (len == 0 || len >= sizeof buf)
		return td_error_set(err, TD_EINVAL, "tỷ lệ \"%.*s\" không hợp lệ", (int)len, s);
	memcpy(buf, s, len);
	buf[len] = '\0';
	td_rate r = 0;
	int rc = rate_parse_percent(buf, &r, err);
	if (rc != TD_OK)
		return rc;
	if (r % 100 != 0 || r < 0 || r > TD_RATE_SCALE)
		return td_error_set(err, TD_EINVAL,
				    "tỷ lệ \"%s\": cần phần trăm từ 0 đến 100, tối đa 2 chữ số "
				    "thập phân",
				    buf);
	*out = (int32_t)(r / 100);
	return TD_OK;
}

int fee_tiers_parse(const char *text, struct fee_params *p, struct td_error *err)
{
	p->ntiers = 0;
	const char *s = text ? text : "";
	while (*s) {
		size_t len = strcspn(s, ","), colon = strcspn(s, ":");
		if (colon >= len)
			return td_error_set(err, TD_EINVAL,
					    "bậc phí \"%.*s\": cần dạng NGƯỠNG:TỶ_LỆ_TRẢ, ví dụ "
					    "2:100",
					    (int)len, s);
		if (p->ntiers == FEE_TIERS_MAX)
			return td_error_set(err, TD_EINVAL, "quá %d bậc phí", FEE_TIERS_MAX);
		struct fee_tier *t = &p->tiers[p->ntiers++];
		int rc = percent_bp(s, colon, &t->below_bp, err);
		if (rc == TD_OK)
			rc = percent_bp(s + colon + 1, len - colon - 1, &t->paid_bp, err);
		if (rc != TD_OK)
			return rc;
		s += len;
		if (*s == ',' && *++s == '\0')
			return td_error_set(err, TD_EINVAL, "danh sách bậc phí kết thúc bằng dấu phẩy");
	}
	return check_tiers(p, err);
}

int fee_split_parse(const char *text, struct fee_params *p, struct td_error *err)
{
	const char *s = text ? text : "";
	int n = 0;
	int64_t sum = 0;
	while (*s && n < FEE_LEVEL_COUNT) {
		size_t len = strcspn(s, ",");
		int rc = percent_bp(s, len, &p->split_bp[n], err);
		if (rc != TD_OK)
			return rc;
		sum += p->split_bp[n++];
		s += len;
		if (*s == ',')
			s++;
	}
	if (n != FEE_LEVEL_COUNT || *s)
		return td_error_set(err, TD_EINVAL,
				    "phân chia phí \"%s\": cần %d tỷ lệ (xã, huyện, tỉnh, trung "
				    "ương), ví dụ 84,9,4.5,2.5",
				    text ? text : "", FEE_LEVEL_COUNT);
	if (sum != FEE_BP)
		return td_error_set(err, TD_EINVAL,
				    "phân chia phí \"%s\" cộng lại %lld,%02lld %%, cần đúng 100 %%",
				    text, (long long)(sum / 100), (long long)(sum % 100));
	return TD_OK;
}
