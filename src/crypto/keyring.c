/* SPDX-License-Identifier: MIT */
/* Master keys and key files (format: docs/keyring.md).
 *
 * Key bytes only ever live in one sodium_malloc() block per keyring, made read-only as
 * soon as it is filled; sodium_free() wipes it. The text of a key file is read into and
 * written from guarded memory as well, and wiped before it is released. */
#include "crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#define KEYBYTES PRIVPOL_KEYRING_KEYBYTES
#define HEADER "privpol-keyring"
#define FORMAT_VERSION 1
#define MAX_FILE_SIZE (1024U * 1024U)

size_t
privpol_keyring_keybytes(void)
{
    return KEYBYTES;
}

static privpol_keyring *
keyring_alloc(const privpol_allocator *alloc)
{
    privpol_keyring *kr = privpol__calloc_with(alloc, 1, sizeof *kr);
    if (kr != NULL && alloc != NULL) {
        kr->alloc = *alloc;
        kr->has_alloc = true;
    }
    return kr;
}

void
privpol_keyring_free(privpol_keyring *kr)
{
    privpol_allocator alloc;
    bool has_alloc;
    if (kr == NULL)
        return;
    if (kr->secret != NULL)
        sodium_free(kr->secret); /* wipes */
    alloc = kr->alloc;
    has_alloc = kr->has_alloc;
    privpol__free_with(has_alloc ? &alloc : NULL, kr);
}

/* Point keys[i].bytes into the block and make it read-only. */
static void
seal_secret(privpol_keyring *kr)
{
    for (size_t i = 0; i < kr->count; i++)
        kr->keys[i].bytes = kr->secret + i * KEYBYTES;
    sodium_mprotect_readonly(kr->secret);
}

static bool
id_exists(const privpol_keyring *kr, const char *id)
{
    return privpol__keyring_find(kr, id, strlen(id)) >= 0;
}

static void
random_id(const privpol_keyring *kr, char id[PRIVPOL_KEYRING_ID_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    do {
        uint32_t r = randombytes_random();
        for (unsigned i = 0; i < PRIVPOL_KEYRING_ID_LEN; i++)
            id[i] = hex[(r >> (28 - 4 * i)) & 0xF];
        id[PRIVPOL_KEYRING_ID_LEN] = '\0';
    } while (id_exists(kr, id));
}

/* Append a random key: a new guarded block replaces the old one. */
static privpol_status
add_random_key(privpol_keyring *kr, int64_t from, privpol_error *err)
{
    unsigned char *block;
    char probe[PRIVPOL_TIME_TEXT_SIZE];
    if (kr->count >= PRIVPOL_KEYRING_MAX_KEYS)
        return privpol__fail(err, PRIVPOL_EINVAL, "keyring is full");
    /* A start the key file cannot hold would make the keyring impossible to save. */
    if (privpol_time_format(from, probe, &(size_t){sizeof probe}, NULL) != PRIVPOL_OK)
        return privpol__fail(err, PRIVPOL_EINVAL, "key start outside years 0001-9999");
    if (kr->count > 0 && from <= kr->keys[kr->count - 1].from)
        return privpol__fail(err, PRIVPOL_EINVAL,
                             "a new key must start after every key already in the keyring");
    if ((block = sodium_malloc((kr->count + 1) * KEYBYTES)) == NULL)
        return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
    if (kr->count > 0)
        memcpy(block, kr->secret, kr->count * KEYBYTES);
    randombytes_buf(block + kr->count * KEYBYTES, KEYBYTES);
    random_id(kr, kr->keys[kr->count].id);
    kr->keys[kr->count].from = from;
    if (kr->secret != NULL)
        sodium_free(kr->secret);
    kr->secret = block;
    kr->count++;
    seal_secret(kr);
    return PRIVPOL_OK;
}

privpol_status
privpol_keyring_generate(int64_t valid_from, const privpol_allocator *allocator, privpol_keyring **out, privpol_error *err)
{
    privpol_keyring *kr;
    privpol_status st;
    if (out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    *out = NULL;
    if (privpol_init(NULL) != PRIVPOL_OK)
        return privpol__fail(err, PRIVPOL_ECRYPTO, NULL);
    if ((kr = keyring_alloc(allocator)) == NULL)
        return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
    if ((st = add_random_key(kr, valid_from, NULL)) != PRIVPOL_OK) {
        privpol_keyring_free(kr);
        return st;
    }
    *out = kr;
    return PRIVPOL_OK;
}

privpol_status
privpol_keyring_rotate(privpol_keyring *kr, int64_t valid_from, privpol_error *err)
{
    if (kr == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (privpol_init(NULL) != PRIVPOL_OK)
        return privpol__fail(err, PRIVPOL_ECRYPTO, NULL);
    return add_random_key(kr, valid_from, err);
}

size_t
privpol_keyring_count(const privpol_keyring *kr)
{
    return kr != NULL ? kr->count : 0;
}

const char *
privpol_keyring_key_id(const privpol_keyring *kr, size_t index)
{
    return kr != NULL && index < kr->count ? kr->keys[index].id : NULL;
}

int64_t
privpol_keyring_key_from(const privpol_keyring *kr, size_t index)
{
    return kr != NULL && index < kr->count ? kr->keys[index].from : INT64_MIN;
}

int
privpol__keyring_key_at(const privpol_keyring *kr, int64_t at)
{
    /* Keys are sorted by start; few keys, so a backward scan beats a search. */
    for (size_t i = kr->count; i > 0; i--)
        if (kr->keys[i - 1].from <= at)
            return (int)(i - 1);
    return -1;
}

int
privpol__keyring_find(const privpol_keyring *kr, const char *id, size_t id_len)
{
    if (id_len != PRIVPOL_KEYRING_ID_LEN)
        return -1;
    for (size_t i = 0; i < kr->count; i++)
        if (memcmp(kr->keys[i].id, id, PRIVPOL_KEYRING_ID_LEN) == 0)
            return (int)i;
    return -1;
}

privpol_status
privpol__keyring_copy(privpol_keyring **out, const privpol_keyring *src,
                      const privpol_allocator *alloc)
{
    privpol_keyring *kr;
    *out = NULL;
    if ((kr = keyring_alloc(alloc)) == NULL)
        return PRIVPOL_ENOMEM;
    if (src->count > 0) {
        if ((kr->secret = sodium_malloc(src->count * KEYBYTES)) == NULL) {
            privpol_keyring_free(kr);
            return PRIVPOL_ENOMEM;
        }
        memcpy(kr->secret, src->secret, src->count * KEYBYTES);
    }
    kr->count = src->count;
    for (size_t i = 0; i < src->count; i++) {
        memcpy(kr->keys[i].id, src->keys[i].id, sizeof kr->keys[i].id);
        kr->keys[i].from = src->keys[i].from;
    }
    if (kr->secret != NULL)
        seal_secret(kr);
    *out = kr;
    return PRIVPOL_OK;
}

/* ---- parsing ------------------------------------------------------------------ */

struct cursor {
    const char *s;
    size_t len, pos, line;
};

/* Next line without its terminator; false at the end. */
static bool
next_line(struct cursor *c, const char **line, size_t *line_len)
{
    size_t start = c->pos;
    if (c->pos >= c->len)
        return false;
    while (c->pos < c->len && c->s[c->pos] != '\n')
        c->pos++;
    *line = c->s + start;
    *line_len = c->pos - start;
    if (*line_len > 0 && (*line)[*line_len - 1] == '\r')
        (*line_len)--;
    if (c->pos < c->len)
        c->pos++;
    c->line++;
    return true;
}

/* Split a line into at most `max` white-space separated fields. */
static size_t
split_fields(const char *line, size_t len, const char **f, size_t *flen, size_t *fcol,
             size_t max)
{
    size_t n = 0, i = 0;
    while (i < len) {
        while (i < len && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (i >= len)
            break;
        if (n == max)
            return max + 1;
        f[n] = line + i;
        fcol[n] = i + 1;
        while (i < len && line[i] != ' ' && line[i] != '\t')
            i++;
        flen[n] = (size_t)(line + i - f[n]);
        n++;
    }
    return n;
}

static bool
is_blank_or_comment(const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    return i == len || line[i] == '#';
}

static bool
valid_id(const char *id, size_t len)
{
    if (len != PRIVPOL_KEYRING_ID_LEN)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')))
            return false;
    return true;
}

static privpol_status
parse_error(privpol_error *err, size_t line, size_t col, const char *msg)
{
    return privpol__fail_at(err, PRIVPOL_EPARSE, line, col, msg);
}

/* Parse one "key ID FROM HEX" line into slot kr->count. */
static privpol_status
parse_key_line(privpol_keyring *kr, const char **f, const size_t *flen, const size_t *fcol,
               size_t nf, size_t line, privpol_error *err)
{
    struct privpol__key *k = &kr->keys[kr->count];
    unsigned char *dst = kr->secret + kr->count * KEYBYTES;
    privpol_error terr;
    int64_t from;

    if (nf != 4)
        return parse_error(err, line, 1, "expected: key ID FROM HEXKEY");
    if (!valid_id(f[1], flen[1]))
        return parse_error(err, line, fcol[1], "key id must be 8 lowercase hex digits");
    memcpy(k->id, f[1], PRIVPOL_KEYRING_ID_LEN);
    k->id[PRIVPOL_KEYRING_ID_LEN] = '\0';
    for (size_t i = 0; i < kr->count; i++)
        if (memcmp(kr->keys[i].id, k->id, PRIVPOL_KEYRING_ID_LEN) == 0)
            return parse_error(err, line, fcol[1], "duplicate key id");
    if (privpol_time_parse(f[2], flen[2], &from, &terr) != PRIVPOL_OK)
        return parse_error(err, line, fcol[2] + terr.column - 1,
                           "key start time is not an ISO 8601 instant");
    /* An offset can carry a date of year 0001 or 9999 out of the range that
     * privpol_time_format() writes, and such a keyring could not be saved. */
    if (from < PRIVPOL__TIME_MIN || from > PRIVPOL__TIME_MAX)
        return parse_error(err, line, fcol[2],
                           "key start time is not within years 0001-9999 (UTC)");
    if (kr->count > 0 && from <= kr->keys[kr->count - 1].from)
        return parse_error(err, line, fcol[2],
                           "key start times must increase strictly down the file");
    k->from = from;
    if (flen[3] != 2 * KEYBYTES)
        return parse_error(err, line, fcol[3],
                           "key must be 64 hex digits (32 bytes)");
    for (size_t i = 0; i < KEYBYTES; i++) {
        int hi = privpol__hex_value((unsigned char)f[3][2 * i]),
            lo = privpol__hex_value((unsigned char)f[3][2 * i + 1]);
        if (hi < 0 || lo < 0) {
            sodium_memzero(dst, KEYBYTES);
            return parse_error(err, line, fcol[3], "key must be hex digits only");
        }
        dst[i] = (unsigned char)(hi << 4 | lo);
    }
    kr->count++;
    return PRIVPOL_OK;
}

privpol_status
privpol_keyring_parse(const char *text, size_t len, const privpol_allocator *allocator, privpol_keyring **out, privpol_error *err)
{
    privpol_keyring *kr;
    struct cursor c = {text, len, 0, 0};
    const char *line, *f[5];
    size_t line_len, flen[5], fcol[5], nf, nkeys = 0;
    bool header = false;
    privpol_status st = PRIVPOL_OK;

    if (out == NULL || (text == NULL && len > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    *out = NULL;
    if (privpol_init(NULL) != PRIVPOL_OK)
        return privpol__fail(err, PRIVPOL_ECRYPTO, NULL);

    /* First pass: every meaningful line may be a key line; that bounds the guarded
     * block (the header line makes it one slot larger than needed). */
    while (next_line(&c, &line, &line_len))
        if (!is_blank_or_comment(line, line_len))
            nkeys++;
    if (nkeys > PRIVPOL_KEYRING_MAX_KEYS + 1)
        return privpol__fail(err, PRIVPOL_EPARSE, "too many keys (at most 256)");

    if ((kr = keyring_alloc(allocator)) == NULL)
        return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
    if (nkeys > 0 && (kr->secret = sodium_malloc(nkeys * KEYBYTES)) == NULL) {
        privpol_keyring_free(kr);
        return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
    }

    c.pos = 0;
    c.line = 0;
    while (st == PRIVPOL_OK && next_line(&c, &line, &line_len)) {
        if (is_blank_or_comment(line, line_len))
            continue;
        nf = split_fields(line, line_len, f, flen, fcol, 4);
        if (!header) {
            if (nf != 2 || flen[0] != sizeof HEADER - 1 ||
                memcmp(f[0], HEADER, sizeof HEADER - 1) != 0)
                st = parse_error(err, c.line, 1, "expected the header 'privpol-keyring 1'");
            else if (flen[1] != 1 || f[1][0] != '0' + FORMAT_VERSION)
                st = parse_error(err, c.line, fcol[1], "unsupported keyring format version");
            header = true;
        } else if (flen[0] == 3 && memcmp(f[0], "key", 3) == 0) {
            st = parse_key_line(kr, f, flen, fcol, nf > 4 ? 5 : nf, c.line, err);
        } else {
            st = parse_error(err, c.line, 1, "unknown line; expected 'key'");
        }
    }
    if (st == PRIVPOL_OK && !header)
        st = privpol__fail(err, PRIVPOL_EPARSE, "empty key file: no 'privpol-keyring 1' header");
    if (st == PRIVPOL_OK && kr->count == 0)
        st = privpol__fail(err, PRIVPOL_EPARSE, "key file holds no key");
    if (st != PRIVPOL_OK) {
        privpol_keyring_free(kr);
        return st;
    }
    seal_secret(kr);
    *out = kr;
    return PRIVPOL_OK;
}

/* ---- files -------------------------------------------------------------------- */

privpol_status
privpol_keyring_load(const char *path, const privpol_allocator *allocator, privpol_keyring **out, privpol_error *err)
{
    struct stat st;
    char *buf = NULL;
    size_t used = 0;
    int fd;
    privpol_status status;

    if (out == NULL || path == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    *out = NULL;
    if (privpol_init(NULL) != PRIVPOL_OK)
        return privpol__fail(err, PRIVPOL_ECRYPTO, NULL);
    if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0)
        return privpol__failf(err, PRIVPOL_EIO, "cannot open key file %s: %s", path,
                              strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return privpol__failf(err, PRIVPOL_EIO, "key file %s is not a regular file", path);
    }
    if ((st.st_mode & 077) != 0) {
        close(fd);
        return privpol__failf(err, PRIVPOL_EPERM,
                              "key file %s has mode %04o: group or other may access it; "
                              "chmod 600 it",
                              path, (unsigned)(st.st_mode & 07777));
    }
    if ((uintmax_t)st.st_size > MAX_FILE_SIZE) {
        close(fd);
        return privpol__failf(err, PRIVPOL_EPARSE, "key file %s is larger than 1 MiB", path);
    }
    if ((buf = sodium_malloc((size_t)st.st_size + 1)) == NULL) {
        close(fd);
        return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
    }
    for (;;) {
        ssize_t r = read(fd, buf + used, (size_t)st.st_size + 1 - used);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            status = privpol__failf(err, PRIVPOL_EIO, "cannot read key file %s: %s", path,
                                    strerror(errno));
            goto done;
        }
        if (r == 0)
            break;
        used += (size_t)r;
        if (used > (size_t)st.st_size) {
            status = privpol__failf(err, PRIVPOL_EIO, "key file %s changed while read", path);
            goto done;
        }
    }
    status = privpol_keyring_parse(buf, used, allocator, out, err);
    if (status == PRIVPOL_EPARSE && err != NULL) {
        /* Name the file; the line is in err->line. */
        char msg[2 * PRIVPOL_ERROR_MESSAGE_SIZE + 32];
        snprintf(msg, sizeof msg, "%s:%zu: %s", path, err->line, err->message);
        memcpy(err->message, msg, sizeof err->message - 1);
        err->message[sizeof err->message - 1] = '\0';
    }
done:
    sodium_free(buf); /* wipes the key text */
    close(fd);
    return status;
}

/* Text of a keyring, in guarded memory; caller sodium_free()s it. */
static privpol_status
format_keyring(const privpol_keyring *kr, char **out, size_t *out_len)
{
    static const char intro[] =
        "# libprivpol keyring: master keys for pseudonyms (docs/keyring.md).\n"
        "# Keep this file secret and apart from pseudonymized data (GDPR art. 4(5)).\n"
        HEADER " 1\n";
    size_t line_max = 4 + PRIVPOL_KEYRING_ID_LEN + 1 + 20 + 1 + 2 * KEYBYTES + 1;
    size_t cap = sizeof intro + kr->count * line_max + 1, len;
    char *buf = sodium_malloc(cap);
    if (buf == NULL)
        return PRIVPOL_ENOMEM;
    memcpy(buf, intro, sizeof intro - 1);
    len = sizeof intro - 1;
    for (size_t i = 0; i < kr->count; i++) {
        char when[PRIVPOL_TIME_TEXT_SIZE];
        if (privpol_time_format(kr->keys[i].from, when, &(size_t){sizeof when}, NULL) != PRIVPOL_OK) {
            sodium_free(buf);
            return PRIVPOL_EINVAL;
        }
        len += (size_t)snprintf(buf + len, cap - len, "key %s %s ", kr->keys[i].id, when);
        sodium_bin2hex(buf + len, cap - len, kr->keys[i].bytes, KEYBYTES);
        len += 2 * KEYBYTES;
        buf[len++] = '\n';
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return PRIVPOL_OK;
}

static bool
write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

privpol_status
privpol_keyring_save(const privpol_keyring *kr, const char *path, unsigned flags,
                     privpol_error *err)
{
    char *text = NULL, *tmp = NULL;
    size_t text_len, plen;
    int fd;
    privpol_status st;

    if (kr == NULL || path == NULL || (flags & ~PRIVPOL_KEYRING_SAVE_REPLACE) != 0)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument or unknown flag");
    if (kr->count == 0)
        return privpol__fail(err, PRIVPOL_EINVAL, "keyring holds no key");
    if ((st = format_keyring(kr, &text, &text_len)) != PRIVPOL_OK)
        return privpol__fail(err, st, "cannot format the keyring");

    if (flags & PRIVPOL_KEYRING_SAVE_REPLACE) {
        plen = strlen(path);
        if ((tmp = privpol__alloc_with(kr->has_alloc ? &kr->alloc : NULL, plen + 16)) == NULL) {
            sodium_free(text);
            return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
        }
        memcpy(tmp, path, plen);
        memcpy(tmp + plen, ".tmp-XXXXXX", 12);
        fd = mkstemp(tmp); /* mode 0600 */
    } else {
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0600);
    }
    if (fd < 0) {
        st = errno == EEXIST
                 ? privpol__failf(err, PRIVPOL_EEXIST, "%s already exists; not overwritten",
                                  path)
                 : privpol__failf(err, PRIVPOL_EIO, "cannot create %s: %s", path,
                                  strerror(errno));
        goto done;
    }
    if (fchmod(fd, 0600) != 0 || !write_all(fd, text, text_len) || fsync(fd) != 0) {
        st = privpol__failf(err, PRIVPOL_EIO, "cannot write %s: %s", path, strerror(errno));
        close(fd);
        unlink(tmp != NULL ? tmp : path);
        goto done;
    }
    if (close(fd) != 0) {
        st = privpol__failf(err, PRIVPOL_EIO, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp != NULL ? tmp : path);
        goto done;
    }
    if (tmp != NULL && rename(tmp, path) != 0) {
        st = privpol__failf(err, PRIVPOL_EIO, "cannot replace %s: %s", path, strerror(errno));
        unlink(tmp);
        goto done;
    }
    st = PRIVPOL_OK;
done:
    sodium_free(text);
    privpol__free_with(kr->has_alloc ? &kr->alloc : NULL, tmp);
    return st;
}
