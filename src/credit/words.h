/*
 * Amounts in Vietnamese words, as documents write them next to the figures (DOMAIN.md §8):
 *
 *   0           Không đồng
 *   21          Hai mươi mốt đồng         (but 11 mười một, 101 một trăm lẻ một)
 *   24          Hai mươi tư đồng          (but 14 mười bốn, 104 một trăm lẻ bốn)
 *   25          Hai mươi lăm đồng         (15 mười lăm; but 105 một trăm lẻ năm)
 *   105.000     Một trăm lẻ năm nghìn đồng
 *   1.005       Một nghìn không trăm lẻ năm đồng       ("không trăm" inside a number)
 *   1.000.050   Một triệu không trăm năm mươi đồng     (a group 000 inside is skipped)
 *   10^12       Một nghìn tỷ đồng, 10^15 Một triệu tỷ đồng, 10^18 Một tỷ tỷ đồng
 *   -5          Âm năm đồng
 *
 * Reading: the amount is split at "tỷ" (10^9): read(n / 10^9) + " tỷ" + rest, so "tỷ"
 * repeats for larger amounts. Below 10^9 the groups of three digits take "triệu", "nghìn"
 * and nothing; a group 000 is skipped; a group after a spoken one is read in full
 * ("không trăm", "lẻ"). Only the first letter is capitalised.
 */
#ifndef TD_CREDIT_WORDS_H
#define TD_CREDIT_WORDS_H

#include <stddef.h>

#include "base/money.h"

/* Enough for every int64_t amount with the " chẵn" suffix. */
#define WORDS_AMOUNT_MAX 512

enum words_flag {
	WORDS_CHAN = 1 << 0, /* append " chẵn": documents mark exact round amounts this way */
};

/* Writes the amount in words ("Một trăm triệu đồng", with WORDS_CHAN "... đồng chẵn")
 * into buf and returns buf. Every int64_t value has a reading, so this cannot fail.
 * size >= WORDS_AMOUNT_MAX. */
char *words_amount(td_money amount, unsigned flags, char *buf, size_t size);

#endif
