/* SPDX-License-Identifier: MIT */
/* The classify layer (src/classify/): classify.c and redact.c, above src/crypto/. */
#ifndef PRIVPOL_CLASSIFY_INTERNAL_H
#define PRIVPOL_CLASSIFY_INTERNAL_H

#include "crypto.h"

/* privpol_classify() with the field's category already looked up (privpol__field_category()
 * of its name, -1 for none): for callers that see the same names again and again. */
privpol_status privpol__classify_known(const privpol_ctx *ctx, int field_category,
                                       const char *value, size_t value_len,
                                       privpol_classification *out);

#endif /* PRIVPOL_CLASSIFY_INTERNAL_H */
