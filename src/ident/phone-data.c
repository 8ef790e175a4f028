/* SPDX-License-Identifier: MIT */
/* Data for phone.c: ITU-T E.164 country calling codes and the regions that use them.
 *
 * Sources (facts, not code): the ITU-T list of E.164 assigned country codes (the
 * annex to ITU-T E.164 as kept up to date by the ITU Operational Bulletin), and the
 * national numbering plans of the countries concerned. The NSN lengths of countries
 * outside the hand-written block below are the "possible lengths" that the national
 * plans allow, as collected in Google libphonenumber's metadata (Apache-2.0) and in
 * the example numbers of tests/data/phone; only those facts are used here. The
 * regions, their codes and trunk prefixes are the 245 regions of
 * tests/data/phone/libphonenumber_example_numbers.tsv: ISO 3166-1 alpha-2 codes, the
 * exceptionally reserved AC (Ascension) and TA (Tristan da Cunha), and XK (Kosovo);
 * its "001" (non-geographic codes) is not a region.
 *
 * Lengths are those of the national significant number (NSN: the digits after the
 * country code), capped so that code and NSN never exceed 15 digits. A rule list
 * refines the lengths by leading digits: the first rule whose prefix begins the NSN
 * decides; when none does, the code's own mask applies. */
#include "phone.h"

#include <stddef.h>

#define B(a) PRIVPOL__PHONE_BIT(a)
#define R(a, b) PRIVPOL__PHONE_BITS(a, b)
#define T0 PRIVPOL__PHONE_TRUNK0
#define NANP PRIVPOL__PHONE_NANP
#define RULES(r) r, (uint8_t)(sizeof(r) / sizeof((r)[0]))
#define RG(a, b) PRIVPOL__PHONE_REGION_INDEX(a, b)

/* clang-format off */

/* NANP: 10 digits; 310-XXXX is a 7-digit Canadian service range beside area code 310. */
static const struct privpol__phone_rule nanp[] = { { "310", B(7) | B(10) } };

/* EU/EEA, Switzerland and the United Kingdom: lengths by leading digits, from each
 * national plan. Where a plan is open (AT, DE, FI, LU), the ranges are those of the
 * plan, not of the numbers in service. */
static const struct privpol__phone_rule at[] = {
    { "1", R(4, 13) }, { "2", R(7, 13) }, { "3", R(6, 13) }, { "4", R(6, 13) },
    { "5", R(5, 13) }, { "6", R(6, 13) }, { "7", R(6, 13) }, { "8", R(8, 13) },
    { "9", R(9, 13) },
};
static const struct privpol__phone_rule be[] = { { "4", R(8, 9) } };
static const struct privpol__phone_rule bg[] = {
    { "2", R(6, 8) }, { "8", R(7, 9) }, { "9", R(7, 9) },
};
static const struct privpol__phone_rule ch[] = { { "8", B(9) | B(12) } };
static const struct privpol__phone_rule cz[] = { { "9", R(9, 12) } };
static const struct privpol__phone_rule de[] = {
    { "1", R(4, 13) }, { "2", R(6, 13) }, { "5", R(6, 13) }, { "7", R(6, 13) },
    { "9", R(6, 13) },
};
static const struct privpol__phone_rule ee[] = {
    { "4", R(7, 8) }, { "5", R(7, 8) }, { "7", R(7, 8) }, { "8", R(7, 8) | B(10) },
};
static const struct privpol__phone_rule fi[] = {
    { "4", R(6, 10) }, { "7", R(6, 12) }, { "8", R(5, 9) }, { "9", R(5, 9) },
};
static const struct privpol__phone_rule gb[] = {
    { "1", R(9, 10) }, { "8", B(7) | R(9, 10) },
};
static const struct privpol__phone_rule gr[] = { { "8", R(10, 12) } };
static const struct privpol__phone_rule hr[] = {
    { "1", B(8) }, { "6", R(6, 9) }, { "7", B(8) }, { "8", R(7, 9) },
};
static const struct privpol__phone_rule hu[] = {
    { "2", R(8, 9) }, { "3", R(8, 9) }, { "5", R(8, 9) }, { "6", R(8, 9) },
    { "7", R(8, 9) },
};
static const struct privpol__phone_rule ie[] = {
    { "1", R(8, 10) }, { "4", R(7, 10) }, { "7", B(9) }, { "8", R(9, 10) },
};
static const struct privpol__phone_rule is[] = { { "3", B(9) } };
static const struct privpol__phone_rule it[] = {
    { "0", R(6, 11) }, { "1", R(9, 11) }, { "39", R(9, 10) }, { "3", R(9, 12) },
    { "5", B(10) }, { "7", B(10) }, { "8", B(6) | R(8, 10) },
};
static const struct privpol__phone_rule li[] = { { "6", B(9) }, { "8", B(7) | B(9) } };
static const struct privpol__phone_rule lu[] = { { "6", B(9) } };
static const struct privpol__phone_rule nl[] = {
    { "1", R(5, 6) | B(9) }, { "8", R(7, 10) }, { "9", R(7, 11) },
};
static const struct privpol__phone_rule no[] = { { "0", B(5) } };
static const struct privpol__phone_rule pl[] = {
    { "2", R(6, 7) | B(9) }, { "6", R(6, 9) }, { "8", B(7) | R(9, 10) },
};
static const struct privpol__phone_rule ro[] = {
    { "2", B(6) | B(9) }, { "3", B(6) | B(9) },
};
static const struct privpol__phone_rule se[] = {
    { "2", R(6, 9) | B(12) }, { "5", R(8, 9) }, { "6", R(7, 9) | B(12) }, { "7", B(9) },
    { "9", R(7, 10) },
};
static const struct privpol__phone_rule si[] = { { "8", R(5, 8) }, { "9", R(6, 8) } };
static const struct privpol__phone_rule sk[] = {
    { "2", R(6, 7) | B(9) }, { "3", R(6, 7) | B(9) }, { "4", R(6, 7) | B(9) },
    { "5", R(6, 7) | B(9) }, { "9", B(7) | B(9) },
};

/* Elsewhere, where a trunk prefix could be mistaken for the start of a number. */
static const struct privpol__phone_rule by[] = {
    { "1", B(9) }, { "2", B(9) }, { "3", B(9) }, { "4", B(9) }, { "9", B(10) },
};

const struct privpol__phone_cc privpol__phone_cc_table[PRIVPOL__PHONE_CC_COUNT] = {
    [1] = { B(10), R(2, 9), NANP, RULES(nanp) },                /* NANP: NXX NXX XXXX */
    [7] = { B(10) | B(14), R(3, 9), 0, NULL, 0 },               /* KZ RU */
    [20] = { R(8, 10), R(1, 9), T0, NULL, 0 },                  /* EG */
    [27] = { R(5, 10), R(1, 9), T0, NULL, 0 },                  /* ZA */
    [30] = { B(10), B(2) | R(5, 9), 0, RULES(gr) },             /* GR */
    [31] = { B(9), R(1, 9), T0, RULES(nl) },                    /* NL */
    [32] = { B(8), R(1, 9), T0, RULES(be) },                    /* BE */
    [33] = { B(9), R(1, 9), T0, NULL, 0 },                      /* FR */
    [34] = { B(9), R(5, 9), 0, NULL, 0 },                       /* ES */
    [36] = { B(8), R(1, 9), T0, RULES(hu) },                    /* HU, trunk 06 */
    [39] = { R(6, 12), R(0, 1) | B(3) | B(5) | R(7, 8), 0, RULES(it) }, /* IT VA */
    [40] = { B(9), R(2, 3) | R(7, 9), T0, RULES(ro) },          /* RO */
    [41] = { B(9), R(2, 9), T0, RULES(ch) },                    /* CH */
    [43] = { R(4, 13), R(1, 9), T0, RULES(at) },                /* AT */
    [44] = { B(10), R(1, 3) | B(5) | R(7, 9), T0, RULES(gb) },  /* GB GG IM JE */
    [45] = { B(8), R(2, 9), 0, NULL, 0 },                       /* DK */
    [46] = { R(7, 9), R(1, 9), T0, RULES(se) },                 /* SE */
    [47] = { B(8), B(0) | R(2, 9), 0, RULES(no) },              /* NO SJ */
    [48] = { B(7) | B(9), R(1, 9), 0, RULES(pl) },              /* PL */
    [49] = { R(5, 13), R(1, 9), T0, RULES(de) },                /* DE */
    [51] = { R(8, 9), R(1, 9), T0, NULL, 0 },                   /* PE */
    [52] = { R(10, 11), R(0, 9), 0, NULL, 0 },                  /* MX */
    [53] = { R(6, 8) | B(10), R(1, 9), T0, NULL, 0 },           /* CU */
    [54] = { R(10, 11), R(1, 9), T0, NULL, 0 },                 /* AR */
    [55] = { R(8, 11), R(1, 9), T0, NULL, 0 },                  /* BR */
    [56] = { R(9, 11), R(0, 9), 0, NULL, 0 },                   /* CL */
    [57] = { R(10, 11), R(1, 9), T0, NULL, 0 },                 /* CO */
    [58] = { B(10), R(1, 9), T0, NULL, 0 },                     /* VE */
    [60] = { R(8, 10), R(1, 9), T0, NULL, 0 },                  /* MY */
    [61] = { R(5, 10) | B(12), R(1, 9), T0, NULL, 0 },          /* AU CC CX */
    [62] = { R(7, 13), R(1, 9), T0, NULL, 0 },                  /* ID */
    [63] = { B(6) | R(8, 13), R(1, 9), T0, NULL, 0 },           /* PH */
    [64] = { R(5, 10), R(1, 9), T0, NULL, 0 },                  /* NZ */
    [65] = { B(8) | R(10, 11), R(0, 9), 0, NULL, 0 },           /* SG */
    [66] = { R(8, 10) | B(13), R(1, 9), T0, NULL, 0 },          /* TH */
    [81] = { R(8, 13), R(1, 9), T0, NULL, 0 },                  /* JP */
    [82] = { R(5, 6) | R(8, 13), R(1, 9), T0, NULL, 0 },        /* KR */
    [84] = { R(7, 10), R(1, 9), T0, NULL, 0 },                  /* VN */
    [86] = { R(7, 12), R(1, 9), T0, NULL, 0 },                  /* CN */
    [90] = { B(7) | B(10) | R(12, 13), R(1, 9), T0, NULL, 0 },  /* TR */
    [91] = { R(8, 13), R(1, 9), T0, NULL, 0 },                  /* IN */
    [92] = { R(8, 12), R(1, 9), T0, NULL, 0 },                  /* PK */
    [93] = { B(9), R(1, 9), T0, NULL, 0 },                      /* AF */
    [94] = { B(9), R(1, 9), T0, NULL, 0 },                      /* LK */
    [95] = { R(6, 10), R(1, 9), T0, NULL, 0 },                  /* MM */
    [98] = { R(4, 7) | B(10), R(1, 9), T0, NULL, 0 },           /* IR */
    [211] = { B(9), R(1, 9), T0, NULL, 0 },                     /* SS */
    [212] = { B(9), R(5, 8), T0, NULL, 0 },                     /* MA EH */
    [213] = { R(8, 9), R(1, 9), T0, NULL, 0 },                  /* DZ */
    [216] = { B(8), R(0, 9), 0, NULL, 0 },                      /* TN */
    [218] = { B(9), R(1, 9), T0, NULL, 0 },                     /* LY */
    [220] = { B(7), R(0, 9), 0, NULL, 0 },                      /* GM */
    [221] = { B(9), R(0, 9), 0, NULL, 0 },                      /* SN */
    [222] = { B(8), R(0, 9), 0, NULL, 0 },                      /* MR */
    [223] = { B(8), R(0, 9), 0, NULL, 0 },                      /* ML */
    [224] = { R(8, 9), R(0, 9), 0, NULL, 0 },                   /* GN */
    [225] = { B(10), R(0, 9), 0, NULL, 0 },                     /* CI */
    [226] = { B(8), R(0, 9), 0, NULL, 0 },                      /* BF */
    [227] = { B(8), R(0, 9), 0, NULL, 0 },                      /* NE */
    [228] = { B(8), R(0, 9), 0, NULL, 0 },                      /* TG */
    [229] = { B(8) | B(10), R(0, 9), 0, NULL, 0 },              /* BJ */
    [230] = { R(7, 8) | B(10), R(0, 9), 0, NULL, 0 },           /* MU */
    [231] = { R(7, 9), R(1, 9), T0, NULL, 0 },                  /* LR */
    [232] = { B(8), R(1, 9), T0, NULL, 0 },                     /* SL */
    [233] = { R(8, 9), R(1, 9), T0, NULL, 0 },                  /* GH */
    [234] = { R(7, 8) | R(10, 12), R(1, 9), T0, NULL, 0 },      /* NG */
    [235] = { B(8), R(0, 9), 0, NULL, 0 },                      /* TD */
    [236] = { B(8), R(0, 9), 0, NULL, 0 },                      /* CF */
    [237] = { R(8, 9), R(0, 9), 0, NULL, 0 },                   /* CM */
    [238] = { B(7), R(0, 9), 0, NULL, 0 },                      /* CV */
    [239] = { B(7), R(0, 9), 0, NULL, 0 },                      /* ST */
    [240] = { B(9), R(0, 9), 0, NULL, 0 },                      /* GQ */
    [241] = { R(7, 8), R(0, 9), 0, NULL, 0 },                   /* GA */
    [242] = { B(9), R(0, 9), 0, NULL, 0 },                      /* CG */
    [243] = { B(7) | B(9), R(1, 9), T0, NULL, 0 },              /* CD */
    [244] = { B(9), R(0, 9), 0, NULL, 0 },                      /* AO */
    [245] = { B(7) | B(9), R(0, 9), 0, NULL, 0 },               /* GW */
    [246] = { B(7), R(0, 9), 0, NULL, 0 },                      /* IO */
    [247] = { R(5, 6), R(0, 9), 0, NULL, 0 },                   /* AC */
    [248] = { B(7), R(0, 9), 0, NULL, 0 },                      /* SC */
    [249] = { B(9), R(1, 9), T0, NULL, 0 },                     /* SD */
    [250] = { R(8, 9), R(1, 9), T0, NULL, 0 },                  /* RW */
    [251] = { B(9), R(1, 9), T0, NULL, 0 },                     /* ET */
    [252] = { R(6, 9), R(1, 9), T0, NULL, 0 },                  /* SO */
    [253] = { B(8), R(0, 9), 0, NULL, 0 },                      /* DJ */
    [254] = { R(7, 10), R(1, 9), T0, NULL, 0 },                 /* KE */
    [255] = { B(9), R(1, 9), T0, NULL, 0 },                     /* TZ */
    [256] = { B(9), R(1, 9), T0, NULL, 0 },                     /* UG */
    [257] = { B(8), R(0, 9), 0, NULL, 0 },                      /* BI */
    [258] = { R(8, 9), R(0, 9), 0, NULL, 0 },                   /* MZ */
    [260] = { B(9), R(1, 9), T0, NULL, 0 },                     /* ZM */
    [261] = { B(9), R(1, 9), T0, NULL, 0 },                     /* MG */
    [262] = { B(9), R(1, 9), T0, NULL, 0 },                     /* RE YT */
    [263] = { R(5, 10), R(1, 9), T0, NULL, 0 },                 /* ZW */
    [264] = { R(8, 9), R(1, 9), T0, NULL, 0 },                  /* NA */
    [265] = { B(7) | B(9), R(1, 9), T0, NULL, 0 },              /* MW */
    [266] = { B(8), R(0, 9), 0, NULL, 0 },                      /* LS */
    [267] = { R(7, 8) | B(10), R(0, 9), 0, NULL, 0 },           /* BW */
    [268] = { R(8, 9), R(0, 9), 0, NULL, 0 },                   /* SZ */
    [269] = { B(7), R(0, 9), 0, NULL, 0 },                      /* KM */
    [290] = { R(4, 5), R(0, 9), 0, NULL, 0 },                   /* SH TA */
    [291] = { B(7), R(1, 9), T0, NULL, 0 },                     /* ER */
    [297] = { B(7), R(0, 9), 0, NULL, 0 },                      /* AW */
    [298] = { B(6), R(0, 9), 0, NULL, 0 },                      /* FO */
    [299] = { B(6), R(0, 9), 0, NULL, 0 },                      /* GL */
    [350] = { B(8), R(0, 9), 0, NULL, 0 },                      /* GI */
    [351] = { B(9), R(1, 3) | R(6, 9), 0, NULL, 0 },            /* PT */
    [352] = { R(4, 11), R(2, 9), 0, RULES(lu) },                /* LU */
    [353] = { R(7, 9), R(1, 2) | R(4, 9), T0, RULES(ie) },      /* IE */
    [354] = { B(7), R(3, 9), 0, RULES(is) },                    /* IS */
    [355] = { R(6, 9), R(1, 9), T0, NULL, 0 },                  /* AL */
    [356] = { B(8), R(2, 3) | B(5) | R(7, 9), 0, NULL, 0 },     /* MT */
    [357] = { B(8), B(2) | B(5) | R(7, 9), 0, NULL, 0 },        /* CY */
    [358] = { R(5, 10), R(1, 9), T0, RULES(fi) },               /* FI AX */
    [359] = { R(7, 8), R(2, 9), T0, RULES(bg) },                /* BG */
    [370] = { B(8), R(3, 9), T0, NULL, 0 },                     /* LT */
    [371] = { B(8), B(2) | B(6) | R(8, 9), 0, NULL, 0 },        /* LV */
    [372] = { B(7), R(3, 9), 0, RULES(ee) },                    /* EE */
    [373] = { B(8), R(1, 9), T0, NULL, 0 },                     /* MD */
    [374] = { B(8), R(1, 9), T0, NULL, 0 },                     /* AM */
    [375] = { R(6, 11), R(1, 9), 0, RULES(by) },                /* BY */
    [376] = { B(6) | R(8, 9), R(0, 9), 0, NULL, 0 },            /* AD */
    [377] = { R(8, 9), R(1, 9), T0, NULL, 0 },                  /* MC */
    [378] = { B(8) | B(10), R(0, 9), 0, NULL, 0 },              /* SM */
    [379] = { R(5, 12), R(0, 9), 0, NULL, 0 }, /* Vatican City (reserved) */
    [380] = { R(9, 10), R(1, 9), T0, NULL, 0 },                 /* UA */
    [381] = { R(6, 12), R(1, 9), T0, NULL, 0 },                 /* RS */
    [382] = { R(8, 9), R(1, 9), T0, NULL, 0 },                  /* ME */
    [383] = { R(8, 9), R(1, 9), T0, NULL, 0 },                  /* XK */
    [385] = { R(8, 9), R(1, 9), T0, RULES(hr) },                /* HR */
    [386] = { B(8), R(1, 9), T0, RULES(si) },                   /* SI */
    [387] = { R(8, 9), R(1, 9), T0, NULL, 0 },                  /* BA */
    [389] = { B(8), R(1, 9), T0, NULL, 0 },                     /* MK */
    [420] = { B(9), R(2, 9), 0, RULES(cz) },                    /* CZ */
    [421] = { B(9), R(2, 6) | R(8, 9), T0, RULES(sk) },         /* SK */
    [423] = { B(7), R(2, 3) | R(6, 9), T0, RULES(li) },         /* LI */
    [500] = { B(5), R(0, 9), 0, NULL, 0 },                      /* FK */
    [501] = { B(7) | B(11), R(0, 9), 0, NULL, 0 },              /* BZ */
    [502] = { B(8) | B(11), R(0, 9), 0, NULL, 0 },              /* GT */
    [503] = { R(7, 8) | B(11), R(0, 9), 0, NULL, 0 },           /* SV */
    [504] = { B(8) | B(11), R(0, 9), 0, NULL, 0 },              /* HN */
    [505] = { B(8), R(0, 9), 0, NULL, 0 },                      /* NI */
    [506] = { B(8) | B(10), R(0, 9), 0, NULL, 0 },              /* CR */
    [507] = { R(7, 8) | R(10, 11), R(0, 9), 0, NULL, 0 },       /* PA */
    [508] = { B(6) | B(9), R(1, 9), T0, NULL, 0 },              /* PM */
    [509] = { B(8), R(0, 9), 0, NULL, 0 },                      /* HT */
    [590] = { B(9), R(1, 9), T0, NULL, 0 },                     /* BL GP MF */
    [591] = { R(8, 9), R(1, 9), T0, NULL, 0 },                  /* BO */
    [592] = { B(7), R(0, 9), 0, NULL, 0 },                      /* GY */
    [593] = { R(8, 11), R(1, 9), T0, NULL, 0 },                 /* EC */
    [594] = { B(9), R(1, 9), T0, NULL, 0 },                     /* GF */
    [595] = { R(6, 11), R(1, 9), T0, NULL, 0 },                 /* PY */
    [596] = { B(9), R(1, 9), T0, NULL, 0 },                     /* MQ */
    [597] = { R(6, 7), R(0, 9), 0, NULL, 0 },                   /* SR */
    [598] = { B(5) | R(7, 8) | B(10), R(1, 9), T0, NULL, 0 },   /* UY */
    [599] = { R(7, 8), R(0, 9), 0, NULL, 0 },                   /* BQ CW */
    [670] = { R(7, 8), R(0, 9), 0, NULL, 0 },                   /* TL */
    [672] = { B(6), R(0, 9), 0, NULL, 0 },                      /* NF */
    [673] = { B(7), R(0, 9), 0, NULL, 0 },                      /* BN */
    [674] = { B(7), R(0, 9), 0, NULL, 0 },                      /* NR */
    [675] = { R(7, 8), R(0, 9), 0, NULL, 0 },                   /* PG */
    [676] = { B(5) | B(7), R(0, 9), 0, NULL, 0 },               /* TO */
    [677] = { B(5) | B(7), R(0, 9), 0, NULL, 0 },               /* SB */
    [678] = { B(5) | B(7), R(0, 9), 0, NULL, 0 },               /* VU */
    [679] = { B(7) | B(11), R(0, 9), 0, NULL, 0 },              /* FJ */
    [680] = { B(7), R(0, 9), 0, NULL, 0 },                      /* PW */
    [681] = { B(6) | B(9), R(0, 9), 0, NULL, 0 },               /* WF */
    [682] = { B(5), R(0, 9), 0, NULL, 0 },                      /* CK */
    [683] = { B(4) | B(7), R(0, 9), 0, NULL, 0 },               /* NU */
    [685] = { R(5, 7) | B(10), R(0, 9), 0, NULL, 0 },           /* WS */
    [686] = { B(5) | B(8), R(1, 9), T0, NULL, 0 },              /* KI */
    [687] = { B(6), R(0, 9), 0, NULL, 0 },                      /* NC */
    [688] = { R(5, 7), R(0, 9), 0, NULL, 0 },                   /* TV */
    [689] = { B(6) | R(8, 9), R(0, 9), 0, NULL, 0 },            /* PF */
    [690] = { R(4, 7), R(0, 9), 0, NULL, 0 },                   /* TK */
    [691] = { B(7), R(0, 9), 0, NULL, 0 },                      /* FM */
    [692] = { B(7), R(0, 9), 0, NULL, 0 },                      /* MH */
    [800] = { B(8), R(0, 9), 0, NULL, 0 },                      /* freephone (UIFN) */
    [808] = { B(8), R(0, 9), 0, NULL, 0 },                      /* shared cost (ISCS) */
    [850] = { B(8) | B(10), R(1, 9), T0, NULL, 0 },             /* KP */
    [852] = { R(5, 9) | B(11), R(0, 9), 0, NULL, 0 },           /* HK */
    [853] = { R(7, 8), R(0, 9), 0, NULL, 0 },                   /* MO */
    [855] = { R(8, 10), R(1, 9), T0, NULL, 0 },                 /* KH */
    [856] = { R(8, 10), R(1, 9), T0, NULL, 0 },                 /* LA */
    [870] = { B(9) | B(12), R(0, 9), 0, NULL, 0 },              /* Inmarsat SNAC */
    [878] = { B(12), R(0, 9), 0, NULL, 0 }, /* personal telecom (UPT) */
    [880] = { R(6, 10), R(1, 9), T0, NULL, 0 },                 /* BD */
    [881] = { B(9), R(0, 9), 0, NULL, 0 }, /* mobile satellite (GMSS) */
    [882] = { R(7, 12), R(0, 9), 0, NULL, 0 }, /* international networks */
    [883] = { R(9, 10) | B(12), R(0, 9), 0, NULL, 0 }, /* international networks */
    [886] = { R(7, 11), R(1, 9), T0, NULL, 0 },                 /* TW */
    [888] = { B(11), R(0, 9), 0, NULL, 0 },                     /* OCHA disaster relief */
    [960] = { B(7) | B(10), R(0, 9), 0, NULL, 0 },              /* MV */
    [961] = { R(7, 8), R(1, 9), T0, NULL, 0 },                  /* LB */
    [962] = { R(8, 9), R(1, 9), T0, NULL, 0 },                  /* JO */
    [963] = { R(8, 9), R(1, 9), T0, NULL, 0 },                  /* SY */
    [964] = { R(8, 10), R(1, 9), T0, NULL, 0 },                 /* IQ */
    [965] = { R(7, 8), R(0, 9), 0, NULL, 0 },                   /* KW */
    [966] = { R(9, 10), R(1, 9), T0, NULL, 0 },                 /* SA */
    [967] = { R(7, 9), R(1, 9), T0, NULL, 0 },                  /* YE */
    [968] = { R(7, 9), R(0, 9), 0, NULL, 0 },                   /* OM */
    [970] = { R(8, 10), R(1, 9), T0, NULL, 0 },                 /* PS */
    [971] = { R(5, 12), R(1, 9), T0, NULL, 0 },                 /* AE */
    [972] = { R(7, 12), R(1, 9), T0, NULL, 0 },                 /* IL */
    [973] = { B(8), R(0, 9), 0, NULL, 0 },                      /* BH */
    [974] = { R(7, 9), R(0, 9), 0, NULL, 0 },                   /* QA */
    [975] = { R(7, 8), R(0, 9), 0, NULL, 0 },                   /* BT */
    [976] = { R(8, 10), R(1, 9), T0, NULL, 0 },                 /* MN */
    [977] = { B(8) | R(10, 11), R(1, 9), T0, NULL, 0 },         /* NP */
    [979] = { B(9), R(0, 9), 0, NULL, 0 },                      /* premium rate (IPRS) */
    [991] = { R(5, 12), R(0, 9), 0, NULL, 0 },                  /* ITPCS trial */
    [992] = { B(9), R(0, 9), 0, NULL, 0 },                      /* TJ */
    [993] = { B(8), R(0, 9), 0, NULL, 0 },                      /* TM */
    [994] = { B(9), R(1, 9), T0, NULL, 0 },                     /* AZ */
    [995] = { B(9), R(1, 9), T0, NULL, 0 },                     /* GE */
    [996] = { R(9, 10), R(1, 9), T0, NULL, 0 },                 /* KG */
    [998] = { B(9), R(0, 9), 0, NULL, 0 },                      /* UZ */
};

/* Trunk prefixes: LT moved from 8 to 0 (both accepted); BY dials 8, then 0 before the
 * area code (80, 8 or 0 accepted). International prefixes other than 00: 011 in the
 * NANP, 0011 in Australia and its territories, 010 in Japan. */
const struct privpol__phone_region
    privpol__phone_region_table[PRIVPOL__PHONE_REGION_COUNT] = {
    [RG('A', 'C')] = { 247, "", "" },
    [RG('A', 'D')] = { 376, "", "" },
    [RG('A', 'E')] = { 971, "0", "" },
    [RG('A', 'F')] = { 93, "0", "" },
    [RG('A', 'G')] = { 1, "1", "011" },
    [RG('A', 'I')] = { 1, "1", "011" },
    [RG('A', 'L')] = { 355, "0", "" },
    [RG('A', 'M')] = { 374, "0", "" },
    [RG('A', 'O')] = { 244, "", "" },
    [RG('A', 'R')] = { 54, "0", "" },
    [RG('A', 'S')] = { 1, "1", "011" },
    [RG('A', 'T')] = { 43, "0", "" },
    [RG('A', 'U')] = { 61, "0", "0011" },
    [RG('A', 'W')] = { 297, "", "" },
    [RG('A', 'X')] = { 358, "0", "" },
    [RG('A', 'Z')] = { 994, "0", "" },
    [RG('B', 'A')] = { 387, "0", "" },
    [RG('B', 'B')] = { 1, "1", "011" },
    [RG('B', 'D')] = { 880, "0", "" },
    [RG('B', 'E')] = { 32, "0", "" },
    [RG('B', 'F')] = { 226, "", "" },
    [RG('B', 'G')] = { 359, "0", "" },
    [RG('B', 'H')] = { 973, "", "" },
    [RG('B', 'I')] = { 257, "", "" },
    [RG('B', 'J')] = { 229, "", "" },
    [RG('B', 'L')] = { 590, "0", "" },
    [RG('B', 'M')] = { 1, "1", "011" },
    [RG('B', 'N')] = { 673, "", "" },
    [RG('B', 'O')] = { 591, "0", "" },
    [RG('B', 'Q')] = { 599, "", "" },
    [RG('B', 'R')] = { 55, "0", "" },
    [RG('B', 'S')] = { 1, "1", "011" },
    [RG('B', 'T')] = { 975, "", "" },
    [RG('B', 'W')] = { 267, "", "" },
    [RG('B', 'Y')] = { 375, "80|8|0", "" },
    [RG('B', 'Z')] = { 501, "", "" },
    [RG('C', 'A')] = { 1, "1", "011" },
    [RG('C', 'C')] = { 61, "0", "0011" },
    [RG('C', 'D')] = { 243, "0", "" },
    [RG('C', 'F')] = { 236, "", "" },
    [RG('C', 'G')] = { 242, "", "" },
    [RG('C', 'H')] = { 41, "0", "" },
    [RG('C', 'I')] = { 225, "", "" },
    [RG('C', 'K')] = { 682, "", "" },
    [RG('C', 'L')] = { 56, "", "" },
    [RG('C', 'M')] = { 237, "", "" },
    [RG('C', 'N')] = { 86, "0", "" },
    [RG('C', 'O')] = { 57, "0", "" },
    [RG('C', 'R')] = { 506, "", "" },
    [RG('C', 'U')] = { 53, "0", "" },
    [RG('C', 'V')] = { 238, "", "" },
    [RG('C', 'W')] = { 599, "", "" },
    [RG('C', 'X')] = { 61, "0", "0011" },
    [RG('C', 'Y')] = { 357, "", "" },
    [RG('C', 'Z')] = { 420, "", "" },
    [RG('D', 'E')] = { 49, "0", "" },
    [RG('D', 'J')] = { 253, "", "" },
    [RG('D', 'K')] = { 45, "", "" },
    [RG('D', 'M')] = { 1, "1", "011" },
    [RG('D', 'O')] = { 1, "1", "011" },
    [RG('D', 'Z')] = { 213, "0", "" },
    [RG('E', 'C')] = { 593, "0", "" },
    [RG('E', 'E')] = { 372, "", "" },
    [RG('E', 'G')] = { 20, "0", "" },
    [RG('E', 'H')] = { 212, "0", "" },
    [RG('E', 'R')] = { 291, "0", "" },
    [RG('E', 'S')] = { 34, "", "" },
    [RG('E', 'T')] = { 251, "0", "" },
    [RG('F', 'I')] = { 358, "0", "" },
    [RG('F', 'J')] = { 679, "", "" },
    [RG('F', 'K')] = { 500, "", "" },
    [RG('F', 'M')] = { 691, "", "" },
    [RG('F', 'O')] = { 298, "", "" },
    [RG('F', 'R')] = { 33, "0", "" },
    [RG('G', 'A')] = { 241, "", "" },
    [RG('G', 'B')] = { 44, "0", "" },
    [RG('G', 'D')] = { 1, "1", "011" },
    [RG('G', 'E')] = { 995, "0", "" },
    [RG('G', 'F')] = { 594, "0", "" },
    [RG('G', 'G')] = { 44, "0", "" },
    [RG('G', 'H')] = { 233, "0", "" },
    [RG('G', 'I')] = { 350, "", "" },
    [RG('G', 'L')] = { 299, "", "" },
    [RG('G', 'M')] = { 220, "", "" },
    [RG('G', 'N')] = { 224, "", "" },
    [RG('G', 'P')] = { 590, "0", "" },
    [RG('G', 'Q')] = { 240, "", "" },
    [RG('G', 'R')] = { 30, "", "" },
    [RG('G', 'T')] = { 502, "", "" },
    [RG('G', 'U')] = { 1, "1", "011" },
    [RG('G', 'W')] = { 245, "", "" },
    [RG('G', 'Y')] = { 592, "", "" },
    [RG('H', 'K')] = { 852, "", "" },
    [RG('H', 'N')] = { 504, "", "" },
    [RG('H', 'R')] = { 385, "0", "" },
    [RG('H', 'T')] = { 509, "", "" },
    [RG('H', 'U')] = { 36, "06", "" },
    [RG('I', 'D')] = { 62, "0", "" },
    [RG('I', 'E')] = { 353, "0", "" },
    [RG('I', 'L')] = { 972, "0", "" },
    [RG('I', 'M')] = { 44, "0", "" },
    [RG('I', 'N')] = { 91, "0", "" },
    [RG('I', 'O')] = { 246, "", "" },
    [RG('I', 'Q')] = { 964, "0", "" },
    [RG('I', 'R')] = { 98, "0", "" },
    [RG('I', 'S')] = { 354, "", "" },
    [RG('I', 'T')] = { 39, "", "" },
    [RG('J', 'E')] = { 44, "0", "" },
    [RG('J', 'M')] = { 1, "1", "011" },
    [RG('J', 'O')] = { 962, "0", "" },
    [RG('J', 'P')] = { 81, "0", "010" },
    [RG('K', 'E')] = { 254, "0", "" },
    [RG('K', 'G')] = { 996, "0", "" },
    [RG('K', 'H')] = { 855, "0", "" },
    [RG('K', 'I')] = { 686, "0", "" },
    [RG('K', 'M')] = { 269, "", "" },
    [RG('K', 'N')] = { 1, "1", "011" },
    [RG('K', 'P')] = { 850, "0", "" },
    [RG('K', 'R')] = { 82, "0", "" },
    [RG('K', 'W')] = { 965, "", "" },
    [RG('K', 'Y')] = { 1, "1", "011" },
    [RG('K', 'Z')] = { 7, "8", "" },
    [RG('L', 'A')] = { 856, "0", "" },
    [RG('L', 'B')] = { 961, "0", "" },
    [RG('L', 'C')] = { 1, "1", "011" },
    [RG('L', 'I')] = { 423, "0", "" },
    [RG('L', 'K')] = { 94, "0", "" },
    [RG('L', 'R')] = { 231, "0", "" },
    [RG('L', 'S')] = { 266, "", "" },
    [RG('L', 'T')] = { 370, "0|8", "" },
    [RG('L', 'U')] = { 352, "", "" },
    [RG('L', 'V')] = { 371, "", "" },
    [RG('L', 'Y')] = { 218, "0", "" },
    [RG('M', 'A')] = { 212, "0", "" },
    [RG('M', 'C')] = { 377, "0", "" },
    [RG('M', 'D')] = { 373, "0", "" },
    [RG('M', 'E')] = { 382, "0", "" },
    [RG('M', 'F')] = { 590, "0", "" },
    [RG('M', 'G')] = { 261, "0", "" },
    [RG('M', 'H')] = { 692, "1", "" },
    [RG('M', 'K')] = { 389, "0", "" },
    [RG('M', 'L')] = { 223, "", "" },
    [RG('M', 'M')] = { 95, "0", "" },
    [RG('M', 'N')] = { 976, "0", "" },
    [RG('M', 'O')] = { 853, "", "" },
    [RG('M', 'P')] = { 1, "1", "011" },
    [RG('M', 'Q')] = { 596, "0", "" },
    [RG('M', 'R')] = { 222, "", "" },
    [RG('M', 'S')] = { 1, "1", "011" },
    [RG('M', 'T')] = { 356, "", "" },
    [RG('M', 'U')] = { 230, "", "" },
    [RG('M', 'V')] = { 960, "", "" },
    [RG('M', 'W')] = { 265, "0", "" },
    [RG('M', 'X')] = { 52, "", "" },
    [RG('M', 'Y')] = { 60, "0", "" },
    [RG('M', 'Z')] = { 258, "", "" },
    [RG('N', 'A')] = { 264, "0", "" },
    [RG('N', 'C')] = { 687, "", "" },
    [RG('N', 'E')] = { 227, "", "" },
    [RG('N', 'F')] = { 672, "", "" },
    [RG('N', 'G')] = { 234, "0", "" },
    [RG('N', 'I')] = { 505, "", "" },
    [RG('N', 'L')] = { 31, "0", "" },
    [RG('N', 'O')] = { 47, "", "" },
    [RG('N', 'P')] = { 977, "0", "" },
    [RG('N', 'R')] = { 674, "", "" },
    [RG('N', 'U')] = { 683, "", "" },
    [RG('N', 'Z')] = { 64, "0", "" },
    [RG('O', 'M')] = { 968, "", "" },
    [RG('P', 'A')] = { 507, "", "" },
    [RG('P', 'E')] = { 51, "0", "" },
    [RG('P', 'F')] = { 689, "", "" },
    [RG('P', 'G')] = { 675, "", "" },
    [RG('P', 'H')] = { 63, "0", "" },
    [RG('P', 'K')] = { 92, "0", "" },
    [RG('P', 'L')] = { 48, "", "" },
    [RG('P', 'M')] = { 508, "0", "" },
    [RG('P', 'R')] = { 1, "1", "011" },
    [RG('P', 'S')] = { 970, "0", "" },
    [RG('P', 'T')] = { 351, "", "" },
    [RG('P', 'W')] = { 680, "", "" },
    [RG('P', 'Y')] = { 595, "0", "" },
    [RG('Q', 'A')] = { 974, "", "" },
    [RG('R', 'E')] = { 262, "0", "" },
    [RG('R', 'O')] = { 40, "0", "" },
    [RG('R', 'S')] = { 381, "0", "" },
    [RG('R', 'U')] = { 7, "8", "" },
    [RG('R', 'W')] = { 250, "0", "" },
    [RG('S', 'A')] = { 966, "0", "" },
    [RG('S', 'B')] = { 677, "", "" },
    [RG('S', 'C')] = { 248, "", "" },
    [RG('S', 'D')] = { 249, "0", "" },
    [RG('S', 'E')] = { 46, "0", "" },
    [RG('S', 'G')] = { 65, "", "" },
    [RG('S', 'H')] = { 290, "", "" },
    [RG('S', 'I')] = { 386, "0", "" },
    [RG('S', 'J')] = { 47, "", "" },
    [RG('S', 'K')] = { 421, "0", "" },
    [RG('S', 'L')] = { 232, "0", "" },
    [RG('S', 'M')] = { 378, "", "" },
    [RG('S', 'N')] = { 221, "", "" },
    [RG('S', 'O')] = { 252, "0", "" },
    [RG('S', 'R')] = { 597, "", "" },
    [RG('S', 'S')] = { 211, "0", "" },
    [RG('S', 'T')] = { 239, "", "" },
    [RG('S', 'V')] = { 503, "", "" },
    [RG('S', 'X')] = { 1, "1", "011" },
    [RG('S', 'Y')] = { 963, "0", "" },
    [RG('S', 'Z')] = { 268, "", "" },
    [RG('T', 'A')] = { 290, "", "" },
    [RG('T', 'C')] = { 1, "1", "011" },
    [RG('T', 'D')] = { 235, "", "" },
    [RG('T', 'G')] = { 228, "", "" },
    [RG('T', 'H')] = { 66, "0", "" },
    [RG('T', 'J')] = { 992, "", "" },
    [RG('T', 'K')] = { 690, "", "" },
    [RG('T', 'L')] = { 670, "", "" },
    [RG('T', 'M')] = { 993, "8", "" },
    [RG('T', 'N')] = { 216, "", "" },
    [RG('T', 'O')] = { 676, "", "" },
    [RG('T', 'R')] = { 90, "0", "" },
    [RG('T', 'T')] = { 1, "1", "011" },
    [RG('T', 'V')] = { 688, "", "" },
    [RG('T', 'W')] = { 886, "0", "" },
    [RG('T', 'Z')] = { 255, "0", "" },
    [RG('U', 'A')] = { 380, "0", "" },
    [RG('U', 'G')] = { 256, "0", "" },
    [RG('U', 'S')] = { 1, "1", "011" },
    [RG('U', 'Y')] = { 598, "0", "" },
    [RG('U', 'Z')] = { 998, "", "" },
    [RG('V', 'A')] = { 39, "", "" },
    [RG('V', 'C')] = { 1, "1", "011" },
    [RG('V', 'E')] = { 58, "0", "" },
    [RG('V', 'G')] = { 1, "1", "011" },
    [RG('V', 'I')] = { 1, "1", "011" },
    [RG('V', 'N')] = { 84, "0", "" },
    [RG('V', 'U')] = { 678, "", "" },
    [RG('W', 'F')] = { 681, "", "" },
    [RG('W', 'S')] = { 685, "", "" },
    [RG('X', 'K')] = { 383, "0", "" },
    [RG('Y', 'E')] = { 967, "0", "" },
    [RG('Y', 'T')] = { 262, "0", "" },
    [RG('Z', 'A')] = { 27, "0", "" },
    [RG('Z', 'M')] = { 260, "0", "" },
    [RG('Z', 'W')] = { 263, "0", "" },
};

/* clang-format on */
