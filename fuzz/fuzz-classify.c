/* SPDX-License-Identifier: MIT */
/* Classification: privpol_classify() and privpol_classify_field().
 * Input: "field<TAB>value"; without a tab in the first 128 bytes, the whole input is
 * the value and there is no field (a tab first gives an empty field name).
 * Properties: the category is an index in range, the confidence in [0, 1], only the
 * documented flags are set; a field mismatch gives `unknown`; the token flag comes with
 * a value that is a token; the same input gives the same result (bit for bit), and the
 * same in a second context built alike. */
#include "fuzz.h"

#include <math.h>

#define FIELD_MAX 128U
#define ALL_FLAGS                                                                        \
    (PRIVPOL_CLASS_FIELD_MISMATCH | PRIVPOL_CLASS_FROM_FIELD | PRIVPOL_CLASS_TOKEN)

static bool
same(const privpol_classification *a, const privpol_classification *b)
{
    return a->category == b->category && a->flags == b->flags &&
           memcmp(&a->confidence, &b->confidence, sizeof a->confidence) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static privpol_ctx *ctx, *ctx2; /* built once, only read afterwards */
    static privpol_category unknown;
    const char *s = (const char *)data, *field = NULL, *value = s, *tab, *trimmed;
    size_t field_len = 0, value_len = size, trimmed_len;
    privpol_category cat = PRIVPOL_CAT_UNKNOWN, cat2 = PRIVPOL_CAT_UNKNOWN;
    privpol_classification c = PRIVPOL_CLASSIFICATION_INIT, c2 = PRIVPOL_CLASSIFICATION_INIT;
    privpol_status st;

    if (ctx == NULL) {
        ctx = fuzz_ctx(PRIVPOL_ROLE_PROCESSOR, 0, PRIVPOL_PERIOD_NONE);
        ctx2 = fuzz_ctx(PRIVPOL_ROLE_CONTROLLER, PRIVPOL_CTX_ALLOW_REVEAL,
                        PRIVPOL_PERIOD_DAY);
        FUZZ_CHECK(privpol_category_find("unknown", &unknown, NULL) == PRIVPOL_OK);
    }
    if (size > 0 &&
        (tab = memchr(s, '\t', size < FIELD_MAX ? size : FIELD_MAX)) != NULL) {
        field = s;
        field_len = (size_t)(tab - s);
        value = tab + 1;
        value_len = size - field_len - 1;
    }

    FUZZ_CHECK(privpol_classify(ctx, field, field_len, value, value_len, &c, NULL) ==
               PRIVPOL_OK);
    FUZZ_CHECK((size_t)c.category < privpol_category_count() &&
               privpol_category_id(c.category) != NULL);
    FUZZ_CHECK(!isnan(c.confidence) && c.confidence >= 0.0f && c.confidence <= 1.0f);
    FUZZ_CHECK((c.flags & ~ALL_FLAGS) == 0);
    if (c.flags & PRIVPOL_CLASS_FIELD_MISMATCH)
        FUZZ_CHECK(c.category == unknown && field != NULL);
    if (c.flags & PRIVPOL_CLASS_FROM_FIELD)
        FUZZ_CHECK(field != NULL);
    if (c.flags & PRIVPOL_CLASS_TOKEN) {
        trimmed_len = value_len;
        trimmed = privpol__trim(value, &trimmed_len);
        FUZZ_CHECK(privpol_pseudonym_token_kind(trimmed, trimmed_len) != PRIVPOL_TOKEN_NONE);
    }

    /* Deterministic, and independent of what else the context holds (role, keys,
     * periods: only the default region matters, FR in both). */
    FUZZ_CHECK(privpol_classify(ctx, field, field_len, value, value_len, &c2, NULL) ==
                   PRIVPOL_OK &&
               same(&c, &c2));
    FUZZ_CHECK(privpol_classify(ctx2, field, field_len, value, value_len, &c2, NULL) ==
                   PRIVPOL_OK &&
               same(&c, &c2));

    /* The field name alone. */
    if (field != NULL) {
        st = privpol_classify_field(field, field_len, &cat, NULL);
        FUZZ_CHECK(st == PRIVPOL_OK || st == PRIVPOL_ENOTFOUND);
        FUZZ_CHECK(privpol_classify_field(field, field_len, &cat2, NULL) == st);
        if (st == PRIVPOL_OK)
            FUZZ_CHECK((size_t)cat < privpol_category_count() && cat2 == cat);
        if (c.flags & PRIVPOL_CLASS_FROM_FIELD)
            FUZZ_CHECK(st == PRIVPOL_OK);
    }
    return 0;
}
