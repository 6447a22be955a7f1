/*
 * Vietnamese people and places for the demo: names as they are spread in the north
 * (Nguyễn, Trần, Vũ, Phạm... and Mạc, the family of Kiến Thụy's Mạc dynasty), citizen IDs
 * registered in Hải Phòng (R-HH-3: 031, the sex and century digit, the year of birth, six
 * random digits), mobile numbers and village names.
 */
#ifndef TD_DEMO_NAMES_H
#define TD_DEMO_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "demo/rng.h"

#define DEMO_NAME_MAX 64

/* "Nguyễn Thị Lan": family, middle and given name for the sex. */
void names_person(struct demo_rng *r, bool female, char *out, size_t size);

/* The 12-digit citizen ID of a person of province 31 born in birth_year (1900-2099);
 * the six last digits come from serial (unique per person), scrambled, so that IDs are
 * unique without looking sequential. out has 13 bytes. */
void names_cccd(int birth_year, bool female, unsigned serial, char out[13]);

/* A mobile number "09xxxxxxxx" (03, 05, 07, 08 and 09 prefixes); out has 11 bytes. */
void names_phone(struct demo_rng *r, char out[11]);

/* Up to n distinct village names for a commune ("Thôn Đông", "Thôn Tân Lập"...), or
 * residential groups ("Tổ dân phố 3") for a town (thị trấn). Returns how many. */
size_t names_villages(struct demo_rng *r, bool town, const char **out, char (*buf)[48], size_t n);

/* An ethnic group other than Kinh, as households write it ("Tày", "Mường"...). */
const char *names_minority(struct demo_rng *r);

#endif
