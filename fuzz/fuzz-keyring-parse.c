/* SPDX-License-Identifier: MIT */
/* Key files: privpol_keyring_parse().
 * Properties: no crash, no leak (an allocator that counts what is live: every path
 * frees what it took); a failure is PRIVPOL_EPARSE whose line is within the lines of
 * the text and whose column is within that line, with a message free of key material;
 * deterministic. A parsed keyring holds 1 to 256 keys with distinct ids of 8 lowercase
 * hex digits and strictly increasing start times; the accessors stop at the count; and
 * it round-trips: the key file written from the accessors (id, start time as text, key
 * bytes) parses to the same keyring. */
#include "fuzz.h"

#include <sodium.h>

/* Bytes of line `line` (1-based) of the text, terminator and '\r' excluded. */
static size_t
line_length(const char *s, size_t n, size_t line)
{
    size_t start = 0, end;
    for (size_t l = 1; l < line && start < n; l++) {
        const char *nl = memchr(s + start, '\n', n - start);
        start = nl != NULL ? (size_t)(nl - s) + 1 : n;
    }
    end = start;
    while (end < n && s[end] != '\n')
        end++;
    if (end > start && s[end - 1] == '\r')
        end--;
    return end - start;
}

static bool
has_hex_run(const char *msg, size_t run)
{
    size_t k = 0;
    for (; *msg != '\0'; msg++)
        if ((k = privpol__is_hex((unsigned char)*msg) ? k + 1 : 0) >= run)
            return true;
    return false;
}

static void
check_keyring(const privpol_keyring *kr)
{
    size_t count = privpol_keyring_count(kr);
    FUZZ_CHECK(count >= 1 && count <= PRIVPOL_KEYRING_MAX_KEYS);
    for (size_t i = 0; i < count; i++) {
        const char *id = privpol_keyring_key_id(kr, i);
        FUZZ_CHECK(id != NULL && strlen(id) == PRIVPOL_KEYRING_ID_LEN);
        for (size_t k = 0; k < PRIVPOL_KEYRING_ID_LEN; k++)
            FUZZ_CHECK(privpol__is_digit((unsigned char)id[k]) ||
                       (id[k] >= 'a' && id[k] <= 'f'));
        for (size_t j = 0; j < i; j++)
            FUZZ_CHECK(strcmp(privpol_keyring_key_id(kr, j), id) != 0);
        FUZZ_CHECK(i == 0 ||
                   privpol_keyring_key_from(kr, i - 1) < privpol_keyring_key_from(kr, i));
    }
    FUZZ_CHECK(privpol_keyring_key_id(kr, count) == NULL);
    FUZZ_CHECK(privpol_keyring_key_from(kr, count) == INT64_MIN);
}

/* The key file of a keyring, from its accessors (and the key bytes, which only the
 * library itself can read): what privpol_keyring_save() would write. */
static char *
write_back(const privpol_keyring *kr, size_t *len)
{
    size_t count = privpol_keyring_count(kr), line = 4 + 9 + PRIVPOL_TIME_TEXT_SIZE + 65;
    size_t cap = 32 + count * line, n;
    char *text = sodium_malloc(cap);
    FUZZ_CHECK(text != NULL);
    n = (size_t)snprintf(text, cap, "privpol-keyring 1\n");
    for (size_t i = 0; i < count; i++) {
        char when[PRIVPOL_TIME_TEXT_SIZE];
        /* A start time privpol_time_format() cannot write is a keyring that cannot be
         * saved. */
        FUZZ_CHECK(privpol_time_format(privpol_keyring_key_from(kr, i), when, &(size_t){sizeof when}, NULL) == PRIVPOL_OK);
        n += (size_t)snprintf(text + n, cap - n, "key %s %s ",
                              privpol_keyring_key_id(kr, i), when);
        sodium_bin2hex(text + n, cap - n, kr->keys[i].bytes, PRIVPOL_KEYRING_KEYBYTES);
        n += 2 * PRIVPOL_KEYRING_KEYBYTES;
        text[n++] = '\n';
    }
    *len = n;
    return text;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    privpol_keyring *kr = NULL, *kr2 = NULL, *back = NULL;
    struct fuzz_counter live = {0};
    privpol_allocator alloc = {fuzz_count_alloc, fuzz_count_realloc, fuzz_count_free, &live};
    privpol_error err, err2;
    privpol_status st;
    size_t lines = 0, text_len;
    char *text;

    for (size_t i = 0; i < size; i++)
        lines += s[i] == '\n';
    if (size > 0 && s[size - 1] != '\n')
        lines++;

    st = privpol_keyring_parse(s, size, NULL, &kr, &err);
    FUZZ_CHECK(privpol_keyring_parse(s, size, &alloc, &kr2, &err2) == st);
    if (st != PRIVPOL_OK) {
        FUZZ_CHECK(kr == NULL && kr2 == NULL && live.live == 0);
        FUZZ_CHECK(st == PRIVPOL_EPARSE && fuzz_error_ok(&err, st));
        FUZZ_CHECK(err2.line == err.line && err2.column == err.column &&
                   strcmp(err2.message, err.message) == 0);
        FUZZ_CHECK(err.line <= lines);
        if (err.line > 0)
            FUZZ_CHECK(err.column >= 1 &&
                       err.column <= line_length(s, size, err.line) + 1);
        FUZZ_CHECK(!has_hex_run(err.message, 16));
        return 0;
    }
    FUZZ_CHECK(kr != NULL && kr2 != NULL && live.live > 0);
    check_keyring(kr);

    /* Written back from the accessors, it parses to the same keyring. */
    text = write_back(kr, &text_len);
    FUZZ_CHECK(privpol_keyring_parse(text, text_len, NULL, &back, NULL) == PRIVPOL_OK);
    sodium_free(text);
    FUZZ_CHECK(privpol_keyring_count(back) == privpol_keyring_count(kr));
    for (size_t i = 0; i < privpol_keyring_count(kr); i++) {
        FUZZ_CHECK(
            strcmp(privpol_keyring_key_id(back, i), privpol_keyring_key_id(kr, i)) == 0);
        FUZZ_CHECK(privpol_keyring_key_from(back, i) == privpol_keyring_key_from(kr, i));
        FUZZ_CHECK(sodium_memcmp(back->keys[i].bytes, kr->keys[i].bytes,
                                 PRIVPOL_KEYRING_KEYBYTES) == 0);
        FUZZ_CHECK(sodium_memcmp(kr2->keys[i].bytes, kr->keys[i].bytes,
                                 PRIVPOL_KEYRING_KEYBYTES) == 0);
    }
    privpol_keyring_free(back);
    privpol_keyring_free(kr2);
    FUZZ_CHECK(live.live == 0);
    privpol_keyring_free(kr);
    return 0;
}
