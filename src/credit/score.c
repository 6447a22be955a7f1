/* Group score and grade (DOMAIN.md §8). */
#include "credit/score.h"

#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *score_criterion_name(enum score_criterion c)
{
	static const char *const names[SCORE_CRITERIA] = {
	    "overdue", "interest", "at_point", "principal", "savings_growth", "members_saving"};
	assert((unsigned)c < SCORE_CRITERIA);
	return names[c];
}

const char *score_grade_name(enum score_grade grade)
{
	static const char *const names[] = {"Tốt", "Khá", "Trung bình", "Yếu"};
	assert((unsigned)grade <= SCORE_WEAK);
	return names[grade];
}

int score_params_check(const struct score_params *p, struct td_error *err)
{
	int sum = 0;
	for (int i = 0; i < SCORE_CRITERIA; i++) {
		const struct score_rule *r = &p->rules[i];
		if (r->weight < 0 || r->weight > 100)
			return td_error_set(err, TD_EINVAL,
					    "group score: %s weight %d, allowed 0..100",
					    score_criterion_name(i), r->weight);
		if (r->full_bp == r->zero_bp)
			return td_error_set(err, TD_EINVAL,
					    "group score: %s full and zero anchors are both %d bp",
					    score_criterion_name(i), r->full_bp);
		sum += r->weight;
	}
	if (sum != 100)
		return td_error_set(err, TD_EINVAL, "group score: weights sum to %d, needs 100",
				    sum);
	if (!(p->good_min > p->fair_min && p->fair_min > p->average_min && p->average_min > 0 &&
	      p->good_min <= 100))
		return td_error_set(err, TD_EINVAL,
				    "group score: thresholds good %d, fair %d, average %d must "
				    "fall strictly within 100..1",
				    p->good_min, p->fair_min, p->average_min);
	return TD_OK;
}

int score_points(const struct score_rule *rule, int64_t num, int64_t den)
{
	assert(den > 0 && rule->full_bp != rule->zero_bp);
	/* (r - zero) / (full - zero) with r = num / den, both sides scaled by den x SCORE_BP. */
	__int128 n = (__int128)num * SCORE_BP - (__int128)rule->zero_bp * den;
	__int128 d = (__int128)(rule->full_bp - rule->zero_bp) * den;
	if (d < 0) {
		n = -n;
		d = -d;
	}
	if (n <= 0)
		return 0;
	if (n >= d)
		return rule->weight;
	return (int)(rule->weight * n / d);
}

/* A ratio whose denominator may be empty: nothing due (or held) earns the full weight. */
static int points_or_full(const struct score_rule *rule, int64_t num, int64_t den)
{
	return den == 0 ? rule->weight : score_points(rule, num, den);
}

static int check_input(const struct score_input *in, struct td_error *err)
{
	const struct {
		const char *name;
		td_money v;
	} amounts[] = {
	    {"outstanding", in->outstanding},
	    {"overdue", in->overdue},
	    {"interest due", in->interest_due},
	    {"interest collected", in->interest_collected},
	    {"money moved", in->moved_total},
	    {"money moved at the commune point", in->moved_at_point},
	    {"principal due", in->principal_due},
	    {"principal collected", in->principal_collected},
	    {"savings at the start", in->savings_start},
	    {"savings at the end", in->savings_end},
	};
	for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++)
		if (amounts[i].v < 0)
			return td_error_set(err, TD_EINVAL, "group score: %s %lld is negative",
					    amounts[i].name, (long long)amounts[i].v);
	if (in->overdue > in->outstanding)
		return td_error_set(err, TD_EINVAL,
				    "group score: overdue %lld is above outstanding %lld",
				    (long long)in->overdue, (long long)in->outstanding);
	if (in->moved_at_point > in->moved_total)
		return td_error_set(err, TD_EINVAL,
				    "group score: money moved at the commune point %lld is above "
				    "all money moved %lld",
				    (long long)in->moved_at_point, (long long)in->moved_total);
	if (in->members < 1)
		return td_error_set(err, TD_EINVAL, "group score: the group has %d members",
				    in->members);
	if (in->members_saving < 0 || in->members_saving > in->members)
		return td_error_set(err, TD_EINVAL,
				    "group score: %d members saving out of %d members",
				    in->members_saving, in->members);
	return TD_OK;
}

static int savings_points(const struct score_rule *rule, td_money start, td_money end)
{
	if (start == 0)
		return end > 0 ? rule->weight : 0;
	return score_points(rule, end - start, start);
}

enum score_grade score_grade_of(const struct score_params *p, int total)
{
	if (total >= p->good_min)
		return SCORE_GOOD;
	if (total >= p->fair_min)
		return SCORE_FAIR;
	if (total >= p->average_min)
		return SCORE_AVERAGE;
	return SCORE_WEAK;
}

int score_group(const struct score_params *p, const struct score_input *in,
		struct score_result *out, struct td_error *err)
{
	int rc = score_params_check(p, err);
	if (rc == TD_OK)
		rc = check_input(in, err);
	if (rc != TD_OK)
		return rc;
	const struct score_rule *r = p->rules;
	struct score_result s = {0};
	s.points[SCORE_OVERDUE] = points_or_full(&r[SCORE_OVERDUE], in->overdue, in->outstanding);
	s.points[SCORE_INTEREST] =
	    points_or_full(&r[SCORE_INTEREST], in->interest_collected, in->interest_due);
	s.points[SCORE_AT_POINT] =
	    points_or_full(&r[SCORE_AT_POINT], in->moved_at_point, in->moved_total);
	s.points[SCORE_PRINCIPAL] =
	    points_or_full(&r[SCORE_PRINCIPAL], in->principal_collected, in->principal_due);
	s.points[SCORE_SAVINGS_GROWTH] =
	    savings_points(&r[SCORE_SAVINGS_GROWTH], in->savings_start, in->savings_end);
	s.points[SCORE_MEMBERS_SAVING] =
	    score_points(&r[SCORE_MEMBERS_SAVING], in->members_saving, in->members);
	for (int i = 0; i < SCORE_CRITERIA; i++) {
		assert(s.points[i] >= 0 && s.points[i] <= r[i].weight);
		s.total += s.points[i];
	}
	assert(s.total >= 0 && s.total <= 100);
	s.grade = score_grade_of(p, s.total);
	*out = s;
	return TD_OK;
}

/* Next comma-separated integer-percent item of *s into buf; false at the end. */
static bool next_item(const char **s, char *buf, size_t size)
{
	if (!**s)
		return false;
	size_t len = strcspn(*s, ",");
	snprintf(buf, size, "%.*s", (int)(len < size ? len : size - 1), *s);
	*s += len;
	if (**s == ',')
		(*s)++;
	return true;
}

/* A whole number 0..max. */
static bool whole(const char *s, int max, int *out)
{
	char *end = NULL;
	long v = strtol(s, &end, 10);
	if (end == s || *end || v < 0 || v > max)
		return false;
	*out = (int)v;
	return true;
}

/* "10" -> 1000 bp; percentages with at most two decimals, 0..1000 %. */
static bool pct_bp(const char *s, int32_t *out)
{
	td_rate r = 0;
	if (!*s || strlen(s) > 12 || rate_parse_percent(s, &r, NULL) != TD_OK || r % 100 != 0 ||
	    r < 0 || r > 10 * TD_RATE_SCALE)
		return false;
	*out = (int32_t)(r / 100);
	return true;
}

int score_params_parse(const char *weights, const char *anchors, const char *grades,
		       struct score_params *p, struct td_error *err)
{
	memset(p, 0, sizeof *p);
	char item[48];
	const char *s = weights ? weights : "";
	int n = 0;
	while (next_item(&s, item, sizeof item)) {
		if (n == SCORE_CRITERIA || !whole(item, 100, &p->rules[n].weight))
			return td_error_set(err, TD_EINVAL,
					    "trọng số \"%s\": cần %d số nguyên 0..100 cách nhau "
					    "bằng dấu phẩy, ví dụ 30,20,20,15,10,5",
					    weights ? weights : "", SCORE_CRITERIA);
		n++;
	}
	int k = 0;
	s = anchors ? anchors : "";
	while (n == SCORE_CRITERIA && next_item(&s, item, sizeof item)) {
		char *dash = strchr(item, '-');
		bool ok = k < SCORE_CRITERIA && dash;
		if (ok) {
			*dash = '\0';
			ok = pct_bp(item, &p->rules[k].full_bp) &&
			     pct_bp(dash + 1, &p->rules[k].zero_bp);
		}
		if (!ok)
			return td_error_set(err, TD_EINVAL,
					    "mốc chấm điểm \"%s\": cần %d cặp ĐỦ-KHÔNG (phần "
					    "trăm), ví dụ 0-5,100-80,100-80,100-80,10-0,100-50",
					    anchors ? anchors : "", SCORE_CRITERIA);
		k++;
	}
	int g[3] = {0}, m = 0;
	s = grades ? grades : "";
	bool extra = false;
	while (next_item(&s, item, sizeof item))
		if (m == 3 || !whole(item, 100, &g[m++]))
			extra = true;
	if (n != SCORE_CRITERIA || k != SCORE_CRITERIA || m != 3 || extra)
		return td_error_set(err, TD_EINVAL,
				    "tham số chấm điểm tổ chưa đủ: %d trọng số, %d cặp mốc, %d "
				    "ngưỡng xếp loại (cần %d, %d, 3: ví dụ 90,80,70)",
				    n, k, m, SCORE_CRITERIA, SCORE_CRITERIA);
	p->good_min = g[0];
	p->fair_min = g[1];
	p->average_min = g[2];
	return score_params_check(p, err);
}
