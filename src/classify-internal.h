/* SPDX-License-Identifier: MIT */
/* Shared by classify.c and fields.c (and their tests); nothing else needs it. */
#ifndef PRIVPOL_CLASSIFY_INTERNAL_H
#define PRIVPOL_CLASSIFY_INTERNAL_H

#include "internal.h"

/* Category indexes of category.c. That order is ABI (indexes are written into reversible
 * tokens) and only grows at the end, so these constants never change; test-classify
 * checks each against privpol_category_id(). */


/* ---- fields.c ---------------------------------------------------------------------- */

/* Longest normalized field name that can have a rule; longer names have none. */
#define PRIVPOL__FIELD_NAME_MAX 48

/* One exact-name rule. The table is sorted by name (strcmp order). */
struct privpol__field_rule {
    const char *name;
    privpol_category category;
};
extern const struct privpol__field_rule privpol__field_rules[];
extern const size_t privpol__field_rule_count;

/* Hash index over the rules (see fields.c): slots hold rule positions + 1, 0 if empty. */
#define PRIVPOL__FIELD_INDEX_SIZE 512
extern const unsigned char privpol__field_index[PRIVPOL__FIELD_INDEX_SIZE];
/* FNV-1a of a normalized name; the index's hash. */
uint32_t privpol__field_hash(const char *name, size_t len);

/* Normalize a field name or JSON path: its last component (after the last '.' or '/',
 * trailing "[N]" indexes removed), camelCase split with '_' ("clientIp" is "client_ip"),
 * ASCII-lowercased, '-' and ' ' read as '_'. Writes at most PRIVPOL__FIELD_NAME_MAX bytes
 * and a NUL to out; returns the length, or 0 when the name is empty or too long. */
size_t privpol__field_normalize(const char *field, size_t len,
                                char out[PRIVPOL__FIELD_NAME_MAX + 1]);

/* Category a field name suggests (exact names, then a few prefixes and suffixes such as
 * "*_ip" and "email_*"), or -1 when no rule applies. Allocates nothing. */
int privpol__field_category(const char *field, size_t len);

/* privpol_classify() with the field's category already looked up (privpol__field_category()
 * of its name, -1 for none): for callers that see the same names again and again. */
privpol_status privpol__classify_known(const privpol_ctx *ctx, int field_category,
                                       const char *value, size_t value_len,
                                       privpol_classification *out);

#endif /* PRIVPOL_CLASSIFY_INTERNAL_H */
