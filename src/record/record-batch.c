/* SPDX-License-Identifier: MIT */
/* privpol_record_scrub_json_many(): privpol_record_scrub_json() over a batch of texts,
 * the results one per line in a caller's buffer, so that a binding crosses its foreign
 * function interface once per batch instead of once per record. Nothing here allocates:
 * the record's own buffers serve every text in turn. */
#include "crypto.h"

#include <string.h>

struct scrub_many {
    privpol_record *record;
    const privpol_record_request *tag;
};

static privpol_status
scrub_one(void *payload, const char *text, size_t len, char *out, size_t *out_len,
          privpol_error *err)
{
    const struct scrub_many *m = payload;
    const char *res = NULL;
    size_t res_len = 0;
    privpol_status st =
        privpol_record_scrub_json(m->record, m->tag, text, len, &res, &res_len, err);
    if (st != PRIVPOL_OK)
        return st;
    if (res_len >= *out_len)
        return PRIVPOL_EBUFSIZE;
    memcpy(out, res, res_len);
    *out_len = res_len;
    return PRIVPOL_OK;
}

privpol_status
privpol_record_scrub_json_many(privpol_record *record, const privpol_record_request *tag,
                               const char *texts, const size_t *lens, size_t count,
                               char *out, size_t *out_len, privpol_status *statuses,
                               size_t *done_out, privpol_error *err)
{
    struct scrub_many m = {record, tag};

    if (done_out != NULL)
        *done_out = 0;
    if (record == NULL || tag == NULL || (count > 0 && lens == NULL) || out_len == NULL ||
        done_out == NULL || (out == NULL && *out_len > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    /* checked once here, so that statuses never hold one batch-wide error per text */
    if (!PRIVPOL__VERSION_OK(tag->version, PRIVPOL_RECORD_REQUEST_VERSION))
        return privpol__fail(err, PRIVPOL_EVERSION, "unknown privpol_record_request version");
    return privpol__batch(texts, lens, count, out, out_len, statuses, done_out, err,
                          scrub_one, &m);
}
