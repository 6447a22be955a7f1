/*
 * Risk handling's dossier (R-RISK-1, R-EXT-1; Decision 50/2010/QĐ-TTg on handling debts at
 * risk at VBSP, as amended by Decision 08/2021/QĐ-TTg; docs/loans.md "Risk handling").
 *
 * A borrower hit by an objective cause (the fixed list below) has the loss assessed as a
 * share of the loan's capital, confirmed by the commune People's Committee. The share
 * decides what may be done (risk_assessment_allows):
 *   - extension (gia hạn nợ, R-EXT-1): loss under the freeze threshold;
 *   - freeze (khoanh nợ): loss at or above it;
 *   - write-off (xóa nợ), in the gravest cases: the borrower died, is missing or lost the
 *     capacity to work, or the loss reaches the write-off threshold (total loss).
 * The thresholds are dated parameters (risk.freeze_loss, risk.write_off_loss; bank/param.h,
 * docs/parameters.md) that the bank layer reads for the decision's date and hands in.
 *
 * Who decides a freeze or a write-off follows the loan's capital source (risk_level_for):
 * central capital, the bank's head office (its Board of Directors, HĐQT, or the General
 * Director by delegation); local capital, the People's Committee that entrusted it, at its
 * own level (province, district or commune).
 *
 * Pure: no I/O, no clock. Messages for people are Vietnamese.
 */
#ifndef TD_CREDIT_RISK_H
#define TD_CREDIT_RISK_H

#include <stdbool.h>
#include <stddef.h>

#include "base/date.h"
#include "base/error.h"

/* Loss as basis points of the loan's capital: 4000 = 40 %. */
#define RISK_BP_FULL 10000

enum risk_cause {
	RISK_NATURAL_DISASTER, /* "natural_disaster": thiên tai (bão, lũ, hạn hán, sạt lở) */
	RISK_EPIDEMIC,	       /* "epidemic": dịch bệnh */
	RISK_FIRE,	       /* "fire": hỏa hoạn */
	RISK_LIVESTOCK_DISEASE, /* "livestock_disease": dịch bệnh gia súc, gia cầm, thủy sản */
	RISK_CROP_DISEASE, /* "crop_disease": dịch bệnh cây trồng */
	RISK_DEATH,	   /* "death": người vay chết */
	RISK_MISSING,	   /* "missing": người vay mất tích */
	RISK_INCAPACITY, /* "incapacity": mất năng lực hành vi dân sự, mất sức lao động */
	RISK_CAUSE_COUNT
};

/* Stable name ("natural_disaster") and Vietnamese label of a cause. */
const char *risk_cause_name(enum risk_cause c);
const char *risk_cause_label(enum risk_cause c);
/* TD_EINVAL listing the names when s is none of them. */
int risk_cause_parse(const char *s, enum risk_cause *out, struct td_error *err);
/* Death, missing, incapacity: the person is gone, whatever the loss. */
bool risk_cause_personal(enum risk_cause c);

/* The thresholds in force on a decision's day, in basis points. */
struct risk_thresholds {
	int freeze_bp;	  /* extension below it, freeze at or above it */
	int write_off_bp; /* write-off at or above it (or a personal cause) */
};

enum risk_decision { RISK_DECISION_EXTEND, RISK_DECISION_FREEZE, RISK_DECISION_WRITE_OFF };

/* TD_OK when an assessment of `cause` and `loss_bp` allows the decision under the
 * thresholds t; TD_ERULE naming the loss, the threshold and what may be done instead. */
int risk_assessment_allows(enum risk_decision d, enum risk_cause cause, int loss_bp,
			   const struct risk_thresholds *t, struct td_error *err);

/* "40 %", "37,5 %": basis points as a Vietnamese percentage. */
const char *risk_bp_format(int bp, char *buf, size_t size);
/* "40", "37,5", "37.5", "37.25" (a percentage, at most two decimals, 0..100) into basis
 * points; TD_EINVAL naming s otherwise. */
int risk_bp_parse(const char *s, int *bp, struct td_error *err);

enum risk_level {
	RISK_LEVEL_CENTRAL,  /* "central": HĐQT NHCSXH (head office) */
	RISK_LEVEL_PROVINCE, /* "province": UBND cấp tỉnh */
	RISK_LEVEL_DISTRICT, /* "district": UBND cấp huyện */
	RISK_LEVEL_COMMUNE,  /* "commune": UBND cấp xã */
	RISK_LEVEL_COUNT
};

const char *risk_level_name(enum risk_level l);
/* Who decides at that level, in Vietnamese ("Hội đồng quản trị NHCSXH"). */
const char *risk_level_body(enum risk_level l);
/* TD_EINVAL listing the names when s is none of them. */
int risk_level_parse(const char *s, enum risk_level *out, struct td_error *err);

/* The level that decides on a loan of a central source (central) or of a local source
 * entrusted at investor_level ("province", "district", "commune"). TD_EINVAL for a local
 * source without a known level. */
int risk_level_for(bool central, const char *investor_level, enum risk_level *out,
		   struct td_error *err);

#endif
