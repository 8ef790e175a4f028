/* SPDX-License-Identifier: MIT */
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

const char *
privpol_strerror(int status)
{
    switch (status) {
    case PRIVPOL_OK: return "success";
    case PRIVPOL_EINVAL: return "invalid argument";
    case PRIVPOL_ENOMEM: return "out of memory";
    case PRIVPOL_EBUFSIZE: return "output buffer too small";
    case PRIVPOL_EPARSE: return "malformed input text";
    case PRIVPOL_ENOTFOUND: return "unknown name";
    case PRIVPOL_ECRYPTO: return "cryptographic library failure";
    case PRIVPOL_EVERSION: return "options version not supported";
    case PRIVPOL_EIO: return "input/output error";
    case PRIVPOL_EPERM: return "key file permissions too open";
    case PRIVPOL_EDENIED: return "operation not allowed by this context";
    case PRIVPOL_EAUTH: return "token not authentic for this key and tenant";
    case PRIVPOL_EVALUE: return "invalid value for its category";
    case PRIVPOL_ENOKEY: return "no key in force";
    case PRIVPOL_EEXIST: return "file already exists";
    case PRIVPOL_ETERMS: return "contract terms missing";
    case PRIVPOL_ELIMIT: return "input exceeds a limit";
    default: return "unknown status";
    }
}

void
privpol_error_clear(privpol_error *err)
{
    if (err == NULL)
        return;
    err->status = PRIVPOL_OK;
    err->line = 0;
    err->column = 0;
    err->message[0] = '\0';
}

static void
set_message(privpol_error *err, const char *msg)
{
    size_t n = strlen(msg);
    if (n >= sizeof err->message)
        n = sizeof err->message - 1;
    memcpy(err->message, msg, n);
    err->message[n] = '\0';
}

privpol_status
privpol__fail_at(privpol_error *err, privpol_status status, size_t line, size_t column,
                 const char *msg)
{
    if (err != NULL) {
        err->status = status;
        err->line = line;
        err->column = column;
        set_message(err, msg != NULL ? msg : privpol_strerror(status));
    }
    return status;
}

privpol_status
privpol__fail(privpol_error *err, privpol_status status, const char *msg)
{
    return privpol__fail_at(err, status, 0, 0, msg);
}

privpol_status
privpol__failf(privpol_error *err, privpol_status status, const char *fmt, ...)
{
    if (err != NULL) {
        va_list ap;
        err->status = status;
        err->line = 0;
        err->column = 0;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return status;
}

privpol_status
privpol_init(privpol_error *err)
{
    /* sodium_init() is idempotent and thread-safe; 1 means "already done". */
    return sodium_init() < 0 ? privpol__fail(err, PRIVPOL_ECRYPTO, "libsodium could not be initialized")
                             : PRIVPOL_OK;
}

void *
privpol__alloc_with(const privpol_allocator *a, size_t n)
{
    if (n == 0)
        n = 1;
    if (a != NULL && a->alloc_fn != NULL)
        return a->alloc_fn(n, a->opaque);
    return malloc(n);
}

void *
privpol__calloc_with(const privpol_allocator *a, size_t count, size_t n)
{
    void *p;
    if (n != 0 && count > SIZE_MAX / n)
        return NULL;
    if ((p = privpol__alloc_with(a, count * n)) != NULL)
        memset(p, 0, count * n);
    return p;
}

void
privpol__free_with(const privpol_allocator *a, void *p)
{
    if (p == NULL)
        return;
    if (a != NULL && a->free_fn != NULL)
        a->free_fn(p, a->opaque);
    else
        free(p);
}

int
privpol_version_number(void)
{
    return PRIVPOL_VERSION_NUMBER;
}

const char *
privpol_version_string(void)
{
    return PRIVPOL_VERSION_STRING;
}

bool
privpol__utf8_ok(const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;

    while (i < n) {
        size_t len;
        if (s[i] < 0x80) {
            /* ASCII runs eight bytes at a time. */
            while (n - i >= 8) {
                uint64_t w;
                memcpy(&w, s + i, 8);
                if (w & UINT64_C(0x8080808080808080))
                    break;
                i += 8;
            }
            if (i < n && s[i] < 0x80)
                i++;
            continue;
        }
        if ((len = privpol__utf8_seq(s + i, n - i)) == 0)
            return false;
        i += len;
    }
    return true;
}

privpol_status
privpol__batch(const char *items, const size_t *lens, size_t count, char *out,
               size_t *out_len, privpol_status *statuses, size_t *done_out,
               privpol_error *err, privpol__batch_fn fn, void *payload)
{
    privpol_error one; /* each item's detail; copied to err for the first failure */
    privpol_status st;
    size_t cap, pos = 0, off = 0, i;
    bool failed = false;

    for (i = 0; items == NULL && i < count; i++)
        if (lens[i] > 0)
            return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    privpol_error_clear(&one);
    cap = *out_len;
    *out_len = 0;
    for (i = 0; i < count; i++) {
        size_t n = lens[i], len = cap - pos;
        if (len == 0)
            break;
        st = fn(payload, n > 0 ? items + off : "", n, out + pos, &len,
                err != NULL && !failed ? &one : NULL);
        if (st == PRIVPOL_OK) {
            out[pos + len] = '\n'; /* len < room: where the NUL went */
            pos += len + 1;
        } else if (st == PRIVPOL_EBUFSIZE) {
            break; /* it comes again in the next call, into a fresh buffer */
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

/* Cut a NUL-terminated buffer of `size` holding a possibly truncated UTF-8 text back to
 * a character boundary. */
void
privpol__utf8_cut(char *s, size_t size)
{
    size_t len = strlen(s), i = len;
    unsigned char lead;
    size_t need;
    if (len + 1 < size)
        return; /* not truncated */
    while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
        i--;
    if (i == 0)
        return;
    /* s[i - 1] starts the last character: drop it unless its whole sequence is there */
    lead = (unsigned char)s[i - 1];
    need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (i - 1 + need > len)
        s[i - 1] = '\0';
}

void
privpol__copy_text(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src != NULL ? src : "");
    privpol__utf8_cut(dst, size);
}
