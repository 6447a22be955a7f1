/* The dossier of risk handling: causes, the loss thresholds, the deciding level (R-RISK-1,
 * R-EXT-1). */
#include "credit/risk.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static const char *const cause_names[RISK_CAUSE_COUNT] = {
	[RISK_NATURAL_DISASTER] = "natural_disaster",
	[RISK_EPIDEMIC] = "epidemic",
	[RISK_FIRE] = "fire",
	[RISK_LIVESTOCK_DISEASE] = "livestock_disease",
	[RISK_CROP_DISEASE] = "crop_disease",
	[RISK_DEATH] = "death",
	[RISK_MISSING] = "missing",
	[RISK_INCAPACITY] = "incapacity",
};

static const char *const cause_labels[RISK_CAUSE_COUNT] = {
	[RISK_NATURAL_DISASTER] = "thiên tai (bão, lũ, lụt, hạn hán, sạt lở)",
	[RISK_EPIDEMIC] = "dịch bệnh",
	[RISK_FIRE] = "hỏa hoạn",
	[RISK_LIVESTOCK_DISEASE] = "dịch bệnh gia súc, gia cầm, thủy sản",
	[RISK_CROP_DISEASE] = "dịch bệnh cây trồng",
	[RISK_DEATH] = "người vay chết",
	[RISK_MISSING] = "người vay mất tích",
	[RISK_INCAPACITY] = "người vay mất năng lực hành vi dân sự hoặc mất sức lao động",
};

const char *risk_cause_name(enum risk_cause c)
{
	return (unsigned)c < RISK_CAUSE_COUNT ? cause_names[c] : "unknown";
}

const char *risk_cause_label(enum risk_cause c)
{
	return (unsigned)c < RISK_CAUSE_COUNT ? cause_labels[c] : "không rõ";
}

int risk_cause_parse(const char *s, enum risk_cause *out, struct td_error *err)
{
	for (int k = 0; s && k < RISK_CAUSE_COUNT; k++)
		if (strcmp(s, cause_names[k]) == 0) {
			*out = (enum risk_cause)k;
			return TD_OK;
		}
	return td_error_set(
		err, TD_EINVAL,
		"nguyên nhân \"%s\" không có trong danh mục: natural_disaster, epidemic, "
		"fire, livestock_disease, crop_disease, death, missing, incapacity "
		"(R-RISK-1)",
		s ? s : "");
}

bool risk_cause_personal(enum risk_cause c)
{
	return c == RISK_DEATH || c == RISK_MISSING || c == RISK_INCAPACITY;
}

const char *risk_bp_format(int bp, char *buf, size_t size)
{
	if (bp % 100 == 0)
		snprintf(buf, size, "%d %%", bp / 100);
	else if (bp % 10 == 0)
		snprintf(buf, size, "%d,%d %%", bp / 100, bp % 100 / 10);
	else
		snprintf(buf, size, "%d,%02d %%", bp / 100, bp % 100);
	return buf;
}

int risk_bp_parse(const char *s, int *bp, struct td_error *err)
{
	int whole = 0, frac = 0, digits = 0, decimals = -1;
	for (const char *p = s; p && *p; p++) {
		if (*p >= '0' && *p <= '9' && decimals < 0 && digits < 3) {
			whole = whole * 10 + (*p - '0');
			digits++;
		} else if (*p >= '0' && *p <= '9' && decimals >= 0 && decimals < 2) {
			frac = frac * 10 + (*p - '0');
			decimals++;
		} else if ((*p == ',' || *p == '.') && decimals < 0 && digits > 0) {
			decimals = 0;
		} else {
			digits = 0; /* anything else: malformed */
			break;
		}
	}
	if (decimals == 1)
		frac *= 10;
	int v = whole * 100 + frac;
	if (digits == 0 || decimals == 0 || v > RISK_BP_FULL)
		return td_error_set(
			err, TD_EINVAL,
			"mức thiệt hại \"%s\": ghi phần trăm vốn vay từ 0 đến 100, tối đa "
			"hai chữ số thập phân (40 hoặc 37,5)",
			s ? s : "");
	*bp = v;
	return TD_OK;
}

int risk_assessment_allows(enum risk_decision d, enum risk_cause cause, int loss_bp,
			   const struct risk_thresholds *t, struct td_error *err)
{
	char loss[16], limit[16];
	risk_bp_format(loss_bp, loss, sizeof loss);
	switch (d) {
	case RISK_DECISION_EXTEND:
		if (loss_bp < t->freeze_bp)
			return TD_OK;
		return td_error_set(err, TD_ERULE,
				    "mức thiệt hại %s từ %s trở lên: không gia hạn nợ mà xem xét "
				    "khoanh nợ (R-EXT-1, R-RISK-1)",
				    loss, risk_bp_format(t->freeze_bp, limit, sizeof limit));
	case RISK_DECISION_FREEZE:
		if (loss_bp >= t->freeze_bp)
			return TD_OK;
		return td_error_set(
			err, TD_ERULE,
			"mức thiệt hại %s dưới %s: chưa đủ điều kiện khoanh nợ, xem xét "
			"gia hạn nợ (R-RISK-1, R-EXT-1)",
			loss, risk_bp_format(t->freeze_bp, limit, sizeof limit));
	case RISK_DECISION_WRITE_OFF:
		if (risk_cause_personal(cause) || loss_bp >= t->write_off_bp)
			return TD_OK;
		return td_error_set(
			err, TD_ERULE,
			"nguyên nhân %s, mức thiệt hại %s: xóa nợ chỉ khi người vay chết, "
			"mất tích, mất năng lực hành vi dân sự hoặc thiệt hại từ %s "
			"(R-RISK-1)",
			risk_cause_label(cause), loss,
			risk_bp_format(t->write_off_bp, limit, sizeof limit));
	}
	return td_error_set(err, TD_EINVAL, "decision kind %d", (int)d);
}

static const char *const level_names[RISK_LEVEL_COUNT] = {
	[RISK_LEVEL_CENTRAL] = "central",
	[RISK_LEVEL_PROVINCE] = "province",
	[RISK_LEVEL_DISTRICT] = "district",
	[RISK_LEVEL_COMMUNE] = "commune",
};

static const char *const level_bodies[RISK_LEVEL_COUNT] = {
	[RISK_LEVEL_CENTRAL] = "Hội đồng quản trị NHCSXH (hoặc Tổng giám đốc được ủy quyền)",
	[RISK_LEVEL_PROVINCE] = "UBND cấp tỉnh đã ủy thác vốn",
	[RISK_LEVEL_DISTRICT] = "UBND cấp huyện đã ủy thác vốn",
	[RISK_LEVEL_COMMUNE] = "UBND cấp xã đã ủy thác vốn",
};

const char *risk_level_name(enum risk_level l)
{
	return (unsigned)l < RISK_LEVEL_COUNT ? level_names[l] : "unknown";
}

const char *risk_level_body(enum risk_level l)
{
	return (unsigned)l < RISK_LEVEL_COUNT ? level_bodies[l] : "không rõ";
}

int risk_level_parse(const char *s, enum risk_level *out, struct td_error *err)
{
	for (int k = 0; s && k < RISK_LEVEL_COUNT; k++)
		if (strcmp(s, level_names[k]) == 0) {
			*out = (enum risk_level)k;
			return TD_OK;
		}
	return td_error_set(err, TD_EINVAL,
			    "cấp quyết định \"%s\": dùng central, province, district hoặc commune "
			    "(R-RISK-1)",
			    s ? s : "");
}

int risk_level_for(bool central, const char *investor_level, enum risk_level *out,
		   struct td_error *err)
{
	if (central) {
		*out = RISK_LEVEL_CENTRAL;
		return TD_OK;
	}
	enum risk_level l;
	if (risk_level_parse(investor_level, &l, NULL) != TD_OK || l == RISK_LEVEL_CENTRAL)
		return td_error_set(err, TD_EINVAL,
				    "nguồn vốn địa phương không ghi cấp của UBND ủy thác (\"%s\")",
				    investor_level ? investor_level : "");
	*out = l;
	return TD_OK;
}
