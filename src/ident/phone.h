/* SPDX-License-Identifier: MIT */
/* Tables shared by phone.c (the parser) and phone-data.c (the data); nothing else in
 * the library needs them, so they stay out of internal.h. */
#ifndef PRIVPOL_PHONE_H
#define PRIVPOL_PHONE_H

#include <stdint.h>

/* Bit masks: PRIVPOL__PHONE_BIT(9) is "9 digits" in a length mask, "begins with 9" in
 * a leading-digit mask; PRIVPOL__PHONE_BITS(5, 8) is 5, 6, 7 or 8. */
#define PRIVPOL__PHONE_BIT(a) ((uint16_t)(1u << (a)))
#define PRIVPOL__PHONE_BITS(a, b)                                                        \
    ((uint16_t)(((1u << ((b) + 1)) - 1u) & ~((1u << (a)) - 1u)))

/* National significant numbers (NSN) that begin with prefix have one of these lengths. */
struct privpol__phone_rule {
    char prefix[4];   /* 1 to 3 digits, NUL-terminated */
    uint16_t lengths; /* bit L set: L digits */
};

/* One ITU-T E.164 country calling code, indexed by its value (0-999). */
struct privpol__phone_cc {
    uint16_t lengths; /* possible NSN lengths (bit L); 0: code not assigned */
    uint16_t lead;    /* possible first NSN digits (bit d) */
    uint8_t flags;    /* PRIVPOL__PHONE_TRUNK0, PRIVPOL__PHONE_NANP */
    const struct privpol__phone_rule *rules; /* first match overrides lengths */
    uint8_t nrules;
};

/* A region of this code dials the trunk prefix "0": "+CC 0..." is that prefix
 * written by mistake, not part of the number. */
#define PRIVPOL__PHONE_TRUNK0 1u
/* North American Numbering Plan: NXX-NXX-XXXX (N = 2-9). */
#define PRIVPOL__PHONE_NANP 2u

/* One ISO 3166-1 region, indexed by PRIVPOL__PHONE_REGION_INDEX of its two letters. */
struct privpol__phone_region {
    uint16_t cc;   /* country calling code; 0: region unknown */
    char trunk[8]; /* national (trunk) prefixes, '|'-separated, tried in order; "" none */
    char idd[5];   /* international prefix dialled instead of "00", "" if only "00" */
};

#define PRIVPOL__PHONE_REGION_INDEX(a, b) (((a) - 'A') * 26 + ((b) - 'A'))
#define PRIVPOL__PHONE_CC_COUNT 1000
#define PRIVPOL__PHONE_REGION_COUNT (26 * 26)

extern const struct privpol__phone_cc privpol__phone_cc_table[PRIVPOL__PHONE_CC_COUNT];
extern const struct privpol__phone_region
    privpol__phone_region_table[PRIVPOL__PHONE_REGION_COUNT];

#endif /* PRIVPOL_PHONE_H */
