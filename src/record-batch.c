/* SPDX-License-Identifier: MIT */
/* privpol_record_scrub_json_many(): privpol_record_scrub_json() over a batch of texts,
 * the results one per line in a caller's buffer, so that a binding crosses its foreign
 * function interface once per batch instead of once per record. Nothing here allocates:
 * the record's own buffers serve every text in turn. */
#include "internal.h"

#include <string.h>

privpol_status
privpol_record_scrub_json_many(privpol_record *record, const privpol_tag *tag,
                               const char *texts, const size_t *lens, size_t count,
                               char *out, size_t *out_len, privpol_status *statuses,
                               size_t *done_out, privpol_error *err)
{
    privpol_error one; /* each text's detail; copied to err for the first failure */
    privpol_status st;
    size_t cap, pos = 0, off = 0, i;
    bool failed = false;

    if (done_out != NULL)
        *done_out = 0;
    if (record == NULL || tag == NULL || (count > 0 && lens == NULL) || out_len == NULL ||
        done_out == NULL || (out == NULL && *out_len > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    /* checked once here, so that statuses never hold one batch-wide error per text */
    if (tag->version != PRIVPOL_TAG_VERSION)
        return privpol__fail(err, PRIVPOL_EVERSION, "unknown privpol_tag version");
    for (i = 0; texts == NULL && i < count; i++)
        if (lens[i] > 0)
            return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    privpol_error_clear(&one);
    cap = *out_len;
    *out_len = 0;
    for (i = 0; i < count; i++) {
        const char *res = NULL;
        size_t n = lens[i], res_len = 0;

        if (pos == cap)
            break;
        st = privpol_record_scrub_json(record, tag, n > 0 ? texts + off : "", n, &res,
                                       &res_len, err != NULL && !failed ? &one : NULL);
        if (st == PRIVPOL_OK) {
            if (res_len >= cap - pos)
                break; /* it comes again in the next call, into a fresh buffer */
            memcpy(out + pos, res, res_len);
            pos += res_len;
            out[pos++] = '\n';
        } else {
            if (!failed && err != NULL) {
                *err = one;
                err->line = i + 1;
            }
            failed = true;
            if (statuses == NULL) {
                *out_len = pos;
                *done_out = i;
                return st;
            }
            out[pos++] = '\n'; /* pos < cap: checked above */
        }
        if (statuses != NULL)
            statuses[i] = st;
        off += n;
    }
    *out_len = pos;
    *done_out = i;
    if (i == count)
        return PRIVPOL_OK;
    return failed ? PRIVPOL_EBUFSIZE : privpol__fail(err, PRIVPOL_EBUFSIZE, NULL);
}
