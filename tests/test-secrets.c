/* SPDX-License-Identifier: MIT */
/* Secret hygiene.
 * (a) Error messages of malformed key files never hold key bytes: no run of 16 hex
 *     digits of the key (either case) in the message, from parse and from load.
 * (b) Error messages never echo input identifiers: invalid but identifier-like values
 *     given to privpol_pseudonymize(), privpol_normalize(), privpol_subject_tokens() and
 *     privpol_pseudonymizer_run() give messages holding neither the value nor any 6-byte
 *     piece of it (privpol_classify() has no message: it only gives a category).
 * (c) The CLI: `privpol scan` and `privpol redact` (labels and pseudonyms) never write
 *     the text of a span, on stdout or stderr (argv[1] is the privpol executable;
 *     tests/test-cli.py checks rejected values on stderr).
 * (d) Keys live in guarded memory: in a forked child, a write to the key bytes of a
 *     loaded keyring (through the internal struct) dies of SIGSEGV/SIGBUS (read-only), so
 *     does a read just past the key block (guard page); key bytes never reach the
 *     allocator hooks (every block the hooks free is searched for them).
 *     The wipe itself is libsodium's (sodium_free() zeroes, then unmaps): reading freed
 *     memory, or probing it with mprotect(), depends on libsodium's allocator (mmap or
 *     malloc fallback) and is undefined behaviour, so it is not checked here.
 * (e) Key files readable or writable by group or other are refused with PRIVPOL_EPERM:
 *     tests/test-keyring.c checks that. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "internal.h"
#include "support.h"

static const char *privpol_exe; /* argv[1] */

#define KEY_HEX "8f3a0c12d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f"
#define KEY2_HEX "1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a0"
#define T0 INT64_C(1736150400)

/* ---- helpers --------------------------------------------------------------------- */

/* True when `text` holds any run of `run` characters of `secret` (case-insensitive). */
static bool
holds_piece(const char *text, size_t text_len, const char *secret, size_t secret_len,
            size_t run)
{
    if (secret_len < run)
        run = secret_len;
    if (run == 0)
        return false;
    for (size_t i = 0; i + run <= secret_len; i++)
        for (size_t j = 0; j + run <= text_len; j++) {
            size_t k = 0;
            while (k < run && tolower((unsigned char)text[j + k]) ==
                                  tolower((unsigned char)secret[i + k]))
                k++;
            if (k == run)
                return true;
        }
    return false;
}

static void
assert_message_clean(const privpol_error *err, const char *secret, size_t run,
                     const char *what)
{
    if (holds_piece(err->message, strlen(err->message), secret, strlen(secret), run))
        fail_msg("%s: the message quotes the input: \"%s\"", what, err->message);
}

static char *
temp_dir(void)
{
    char *d = strdup("/tmp/privpol-secrets-XXXXXX");
    assert_non_null(d);
    assert_non_null(mkdtemp(d));
    return d;
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    size_t n = strlen(text);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    assert_int_equal(fchmod(fd, mode), 0);
    close(fd);
}

/* ---- (a) key material in key-file errors ----------------------------------------- */

static const char *const bad_key_files[] = {
    /* a bad character inside the key */
    "privpol-keyring 1\nkey 0000000a 1970-01-01T00:00:00Z 8f3a0c12d4e5f607x8293a4b5c6d7e8f"
    "90a1b2c3d4e5f60718293a4b5c6d7e8f\n",
    /* one digit too many, one too few */
    "privpol-keyring 1\nkey 0000000a 1970-01-01T00:00:00Z " KEY_HEX "0\n",
    "privpol-keyring 1\nkey 0000000a 1970-01-01T00:00:00Z 8f3a0c12d4e5f60718293a4b5c6d7e8f"
    "90a1b2c3d4e5f60718293a4b5c6d7e8\n",
    /* the key in the wrong field, a bad id, a bad time */
    "privpol-keyring 1\nkey " KEY_HEX " 1970-01-01T00:00:00Z 0000000a\n",
    "privpol-keyring 1\nkey 0000000G 1970-01-01T00:00:00Z " KEY_HEX "\n",
    "privpol-keyring 1\nkey 0000000a 1970-13-01T00:00:00Z " KEY_HEX "\n",
    "privpol-keyring 1\nkey 0000000a " KEY_HEX " 1970-01-01T00:00:00Z\n",
    /* extra field, missing field */
    "privpol-keyring 1\nkey 0000000a 1970-01-01T00:00:00Z " KEY_HEX " " KEY2_HEX "\n",
    "privpol-keyring 1\nkey 0000000a " KEY_HEX "\n",
    /* not a key line, no header, bad header */
    "privpol-keyring 1\n" KEY_HEX "\n",
    "key 0000000a 1970-01-01T00:00:00Z " KEY_HEX "\n",
    "privpol-keyring " KEY_HEX "\n",
    "privpol-keyring 1\nkye 0000000a 1970-01-01T00:00:00Z " KEY_HEX "\n",
    /* a good key, then a bad line: neither key may leak */
    "privpol-keyring 1\nkey 0000000a 1970-01-01T00:00:00Z " KEY2_HEX "\n"
    "key 0000000a 2026-01-01T00:00:00Z " KEY_HEX "\n",
    "privpol-keyring 1\nkey 0000000a 2026-01-01T00:00:00Z " KEY2_HEX "\n"
    "key 0000000b 1970-01-01T00:00:00Z " KEY_HEX "\n",
    "privpol-keyring 1\nkey 0000000a 1970-01-01T00:00:00Z " KEY2_HEX "\n"
    "key 0000000b 2026-01-01T00:00:00Z " KEY_HEX "Z\n",
    /* white space and case around the key */
    "privpol-keyring 1\nkey 0000000a 1970-01-01T00:00:00Z 8F3A0C12D4E5F60718293A4B5C6D7E8F"
    "90A1B2C3D4E5F60718293A4B5C6D7E8F!\n",
    "privpol-keyring 1\nkey 0000000a 1970-01-01T00:00:00Z\t" KEY_HEX "\tjunk\n",
};

static void
check_key_message(const privpol_error *err, const char *what)
{
    assert_true(err->message[0] != '\0');
    assert_message_clean(err, KEY_HEX, 16, what);
    assert_message_clean(err, KEY2_HEX, 16, what);
}

static void
key_file_errors_hold_no_key(void **state)
{
    char *dir = temp_dir(), path[256];
    (void)state;
    snprintf(path, sizeof path, "%s/keys", dir);
    for (size_t i = 0; i < sizeof bad_key_files / sizeof *bad_key_files; i++) {
        privpol_keyring *kr = NULL;
        privpol_error err;
        char what[64];
        snprintf(what, sizeof what, "bad key file %zu", i);
        assert_int_equal(privpol_keyring_parse(bad_key_files[i], strlen(bad_key_files[i]),
                                               NULL, &kr, &err),
                         PRIVPOL_EPARSE);
        assert_null(kr);
        check_key_message(&err, what);
        write_file(path, bad_key_files[i], 0600);
        assert_int_equal(privpol_keyring_load(path, NULL, &kr, &err), PRIVPOL_EPARSE);
        assert_null(kr);
        check_key_message(&err, what);
    }
    unlink(path);
    rmdir(dir);
    free(dir);
}

/* ---- (b) input identifiers in value errors --------------------------------------- */

struct bad_value {
    const char *category;
    const char *value;
};

static const struct bad_value bad_values[] = {
    {"contact.email", "julie.martin@exemple..fr"},
    {"contact.email", "julie.martin.exemple.fr"},
    {"contact.email", "julie martin@exemple.fr"},
    {"contact.email", "julie.martin@exemple.fr\x01"},
    {"contact.email", "julie.martin@@exemple.fr"},
    {"contact.email", "\"julie.martin\"@[192.0.2.999]"},
    {"contact.phone", "+33 6 12 34 56 7x"},
    {"contact.phone", "06 12 34 56 78 90 12 34"},
    {"contact.phone", "+999 612345678"},
    {"contact.phone", "06-12-34-56-7#"},
    {"terminal.msisdn", "+33 6 98 76 54 3Z"},
    {"terminal.msisdn", "0033698765432123456"},
    {"connection.ip_address", "192.168.1.25x"},
    {"connection.ip_address", "192.168.001.025"},
    {"connection.ip_address", "192.168.1.256"},
    {"connection.ip_address", "2001:db8:85a3::8a2e:370g:7334"},
    {"connection.ip_address", "2001:db8:85a3::8a2e::7334"},
    {"connection.ip_address", "fe80::1ff:fe23:4567:890a%eth0"},
    {"connection.ip_address", "[2001:db8::8a2e:370:7334]"},
};

static privpol_ctx *
keyed_context(privpol_role role, unsigned flags)
{
    static const char text[] = "privpol-keyring 1\nkey 0000000a 1970-01-01T00:00:00Z " KEY_HEX
                               "\n";
    privpol_keyring *kr = support_keyring(text);
    privpol_ctx *ctx = support_ctx_keyed(kr, role, flags);
    privpol_keyring_free(kr);
    return ctx;
}

static int
no_token(const privpol_pseudonym_token *t, void *payload)
{
    (void)t;
    (void)payload;
    return 0;
}

static void
value_errors_do_not_echo_values(void **state)
{
    privpol_ctx *ctx = keyed_context(PRIVPOL_ROLE_PROCESSOR, 0);
    size_t checked = 0;
    (void)state;
    for (size_t i = 0; i < sizeof bad_values / sizeof *bad_values; i++) {
        const struct bad_value *b = &bad_values[i];
        size_t n = strlen(b->value), len;
        char out[1024], what[96];
        privpol_error err;
        privpol_status st;
        privpol_pseudonymizer *pz = NULL;
        privpol_classification c = PRIVPOL_CLASSIFICATION_INIT;

        snprintf(what, sizeof what, "%s value %zu", b->category, i);
        len = sizeof out;
        st = privpol_normalize(ctx, support_category(b->category), b->value, n, out, &len, &err);
        if (st == PRIVPOL_OK)
            fail_msg("%s: is valid after all", what);
        assert_int_equal(st, PRIVPOL_EVALUE);
        assert_message_clean(&err, b->value, 6, what);
        checked++;

        for (unsigned flags = 0; flags <= PRIVPOL_PSEUDONYM_REVERSIBLE; flags++) {
            len = sizeof out;
            st = privpol_pseudonymize(ctx, "acme", support_category(b->category), b->value, n, T0, flags, out,
                                      &len, &err);
            assert_int_equal(st, PRIVPOL_EVALUE);
            assert_message_clean(&err, b->value, 6, what);
            checked++;
        }
        assert_int_equal(privpol_pseudonymizer_new(ctx, "acme", support_category(b->category), &pz, NULL),
                         PRIVPOL_OK);
        len = sizeof out;
        assert_int_equal(privpol_pseudonymizer_run(pz, b->value, n, T0, 0, out, &len, &err),
                         PRIVPOL_EVALUE);
        assert_message_clean(&err, b->value, 6, what);
        privpol_pseudonymizer_free(pz);
        assert_int_equal(privpol_pseudonym_subject_tokens(ctx, "acme", support_category(b->category), b->value, n, 0, T0,
                                                no_token, NULL, &err),
                         PRIVPOL_EVALUE);
        assert_message_clean(&err, b->value, 6, what);
        checked += 2;
        /* classify has no message; it only must not call it what the field says */
        assert_int_equal(privpol_classify(ctx, NULL, 0, b->value, n, &c, NULL), PRIVPOL_OK);
        assert_true((size_t)c.category < privpol_category_count());
    }
    assert_true(checked >= 5 * (sizeof bad_values / sizeof *bad_values));
    privpol_ctx_free(ctx);
}

/* Tokens: a tampered reversible token's error names neither the token's value nor the
 * key (the token itself may be quoted by nobody either: it is an identifier too). */
static void
reveal_errors_do_not_echo_tokens(void **state)
{
    privpol_ctx *ctx = keyed_context(PRIVPOL_ROLE_CONTROLLER, PRIVPOL_CTX_ALLOW_REVEAL);
    char token[256], value[256];
    size_t len = sizeof token;
    privpol_error err;
    (void)state;
    assert_int_equal(privpol_pseudonymize(ctx, "acme", PRIVPOL_CAT_CONTACT_EMAIL,
                                          "julie.martin@example.fr", 23, T0,
                                          PRIVPOL_PSEUDONYM_REVERSIBLE, token, &len, NULL),
                     PRIVPOL_OK);
    for (size_t i = 13; i < len; i += 7) {
        size_t vlen = sizeof value;
        char saved = token[i];
        token[i] = token[i] == 'A' ? 'B' : 'A';
        assert_int_equal(privpol_reveal(ctx, "acme", token, len, NULL, value, &vlen, &err),
                         PRIVPOL_EAUTH);
        assert_message_clean(&err, "julie.martin@example.fr", 6, "tampered token");
        assert_message_clean(&err, token + 13, 6, "tampered token");
        assert_message_clean(&err, KEY_HEX, 16, "tampered token");
        token[i] = saved;
    }
    privpol_ctx_free(ctx);
}

/* ---- (c) the CLI never writes span text ------------------------------------------ */

static const char *const cli_lines[] = {
    "Bonjour Julie, rappeler au 06 12 34 56 78 ou julie.martin@example.fr depuis 192.0.2.1.",
    "Client joignable au +33 6 98 76 54 32, adresse pierre-yves.durand@exemple.com.",
    "Connexion depuis 2001:db8:85a3::8a2e:370:7334 puis 198.51.100.77 ce matin.",
    "Carte 4970 1012 3456 7890 refusee, IBAN FR76 3000 6000 0112 3456 7890 189 a verifier.",
    "Mme Martin a ecrit depuis marie.martin+support@example.org le 3 mars.",
    "M. Dupont au 01 45 67 89 10, sinon 0612345679 ou jean.dupont@example.net.",
    "rien ici",
};
#define CLI_LINES (sizeof cli_lines / sizeof *cli_lines)

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t cap = 4096, n = 0, k;
    assert_non_null(f);
    buf = malloc(cap);
    assert_non_null(buf);
    while ((k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Run the CLI with `args` on `in`; returns stdout and stderr, concatenated. */
static char *
run_cli(const char *dir, const char *args, const char *in, size_t *len)
{
    char cmd[1024], out[256];
    int rc;
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(cmd, sizeof cmd, "'%s' %s <'%s' >'%s' 2>&1", privpol_exe, args, in, out);
    rc = system(cmd);
    if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc) != 0)
        fail_msg("%s: exit %d", cmd, rc);
    return slurp(out, len);
}

static void
cli_never_writes_span_text(void **state)
{
    privpol_ctx *ctx = keyed_context(PRIVPOL_ROLE_PROCESSOR, 0);
    privpol_keyring *kr = NULL;
    char *dir = temp_dir(), in[256], keys[256], args[512], text[4096];
    size_t n = 0, spans_checked = 0;
    const char *modes[3] = {"scan", "redact", args};
    FILE *f;
    (void)state;
    if (privpol_exe == NULL)
        skip();

    for (size_t i = 0; i < CLI_LINES; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%s\n", cli_lines[i]);
    snprintf(in, sizeof in, "%s/in.txt", dir);
    assert_non_null(f = fopen(in, "w"));
    assert_int_equal(fwrite(text, 1, n, f), n);
    fclose(f);
    snprintf(keys, sizeof keys, "%s/keys", dir);
    assert_int_equal(privpol_keyring_generate(0, NULL, &kr, NULL), PRIVPOL_OK);
    assert_int_equal(privpol_keyring_save(kr, keys, 0, NULL), PRIVPOL_OK);
    privpol_keyring_free(kr);
    snprintf(args, sizeof args, "redact -k '%s' -t acme --at 2025-01-06", keys);

    for (size_t m = 0; m < 3; m++) {
        size_t out_len;
        char *out = run_cli(dir, modes[m], in, &out_len);
        for (size_t i = 0; i < CLI_LINES; i++) {
            privpol_span spans[32];
            size_t count = 32;
            assert_int_equal(privpol_scan(ctx, cli_lines[i], strlen(cli_lines[i]), spans,
                                          &count, NULL),
                             PRIVPOL_OK);
            if (i + 1 < CLI_LINES)
                assert_true(count > 0);
            for (size_t s = 0; s < count; s++) {
                const char *span = cli_lines[i] + spans[s].start;
                size_t span_len = spans[s].end - spans[s].start;
                for (size_t j = 0; j + span_len <= out_len; j++)
                    if (memcmp(out + j, span, span_len) == 0)
                        fail_msg("privpol %s writes the span \"%.*s\" of line %zu",
                                 modes[m], (int)span_len, span, i + 1);
                spans_checked++;
            }
        }
        if (m > 0)
            assert_non_null(strstr(out, m == 1 ? "[contact.email]" : "pd1."));
        free(out);
    }
    assert_true(spans_checked >= 3 * 15);
    snprintf(args, sizeof args, "%s/out", dir);
    unlink(args);
    unlink(in);
    unlink(keys);
    rmdir(dir);
    free(dir);
    privpol_ctx_free(ctx);
}

/* ---- (d) guarded key memory ------------------------------------------------------ */

/* Run `probe` in a forked child (default handlers for SIGSEGV and SIGBUS, so that a
 * sanitizer's handler does not turn the fault into an exit); true when it died of one
 * of them. */
static bool
dies_of_fault(void (*probe)(const privpol_keyring *), const privpol_keyring *kr)
{
    pid_t pid;
    int status;
    fflush(NULL);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = SIG_DFL;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGSEGV, &sa, NULL);
        sigaction(SIGBUS, &sa, NULL);
        /* no core files from the probe */
        probe(kr);
        _exit(0);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFSIGNALED(status) &&
           (WTERMSIG(status) == SIGSEGV || WTERMSIG(status) == SIGBUS);
}

static void
write_key_byte(const privpol_keyring *kr)
{
    /* the key is const: only a write through a cast can try, which is the point */
    volatile unsigned char *p = (volatile unsigned char *)(uintptr_t)kr->keys[0].bytes;
    p[0] = (unsigned char)(p[0] ^ 0xffu);
}

/* libsodium puts a guarded block's end against a guard page; the keyring's block may
 * hold a spare slot after the last key (the parser sizes it by lines), so the guard page
 * is the first page boundary at or after the last key's end. */
static void
read_past_keys(const privpol_keyring *kr)
{
    uintptr_t end = (uintptr_t)(kr->keys[kr->count - 1].bytes + PRIVPOL_KEYRING_KEYBYTES);
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    volatile const unsigned char *p = (const unsigned char *)((end + page - 1) / page * page);
    volatile unsigned char sink = *p;
    (void)sink;
}

static void
keys_are_read_only_and_guarded(void **state)
{
    static const char text[] = "privpol-keyring 1\nkey 0000000a 1970-01-01T00:00:00Z " KEY_HEX
                               "\nkey 0000000b 2026-01-01T00:00:00Z " KEY2_HEX "\n";
    privpol_keyring *kr = NULL, *gen = NULL;
    privpol_ctx *ctx = NULL;
    (void)state;
    kr = support_keyring(text);
    assert_true(dies_of_fault(write_key_byte, kr));
    assert_true(dies_of_fault(read_past_keys, kr));
    /* generated and rotated keyrings, and the copy a context keeps, alike */
    assert_int_equal(privpol_keyring_generate(0, NULL, &gen, NULL), PRIVPOL_OK);
    assert_true(dies_of_fault(write_key_byte, gen));
    assert_int_equal(privpol_keyring_rotate(gen, T0, NULL), PRIVPOL_OK);
    assert_true(dies_of_fault(write_key_byte, gen));
    assert_true(dies_of_fault(read_past_keys, gen));
    ctx = support_ctx_keyed(kr, PRIVPOL_ROLE_PROCESSOR, 0);
    assert_true(dies_of_fault(write_key_byte, ctx->keyring));
    assert_true(dies_of_fault(read_past_keys, ctx->keyring));
    /* the parent can still read them */
    assert_int_equal(privpol__keyring_key_at(kr, T0), 0);
    privpol_ctx_free(ctx);
    privpol_keyring_free(gen);
    privpol_keyring_free(kr);
}

/* Hooks that search every block they free for key bytes. */
struct searching {
    unsigned char key[2][PRIVPOL_KEYRING_KEYBYTES];
    size_t blocks, found;
};

typedef union {
    size_t size;
    max_align_t align;
} header;

/* Blocks are zeroed (and grown blocks' tails too), so that the search on free reads
 * only initialized bytes (valgrind). */
static void *
s_alloc(size_t n, void *opaque)
{
    header *h = calloc(1, sizeof *h + n);
    (void)opaque;
    if (h == NULL)
        return NULL;
    h->size = n;
    return h + 1;
}

static void *
s_realloc(void *ptr, size_t n, void *opaque)
{
    header *h;
    size_t old;
    if (ptr == NULL)
        return s_alloc(n, opaque);
    old = ((header *)ptr - 1)->size;
    if ((h = realloc((header *)ptr - 1, sizeof *h + n)) == NULL)
        return NULL;
    if (n > old)
        memset((unsigned char *)(h + 1) + old, 0, n - old);
    h->size = n;
    return h + 1;
}

static void
s_free(void *ptr, void *opaque)
{
    struct searching *s = opaque;
    header *h = (header *)ptr - 1;
    const unsigned char *b = ptr;
    s->blocks++;
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i + 8 <= h->size; i++)
            for (size_t j = 0; j + 8 <= PRIVPOL_KEYRING_KEYBYTES; j++)
                if (memcmp(b + i, s->key[k] + j, 8) == 0)
                    s->found++;
    free(h);
}

static void
keys_never_reach_the_allocator(void **state)
{
    static const char text[] = "privpol-keyring 1\nkey 0000000a 1970-01-01T00:00:00Z " KEY_HEX
                               "\nkey 0000000b 2026-01-01T00:00:00Z " KEY2_HEX "\n";
    struct searching s;
    privpol_allocator a = {s_alloc, s_realloc, s_free, &s};
    privpol_keyring *kr = NULL;
    privpol_ctx *ctx = NULL;
    privpol_pseudonymizer *pz = NULL;
    support_ctx_args o = SUPPORT_CTX_ARGS_INIT;
    char *dir = temp_dir(), path[256], out[4096];
    size_t len;
    (void)state;
    memset(&s, 0, sizeof s);
    assert_int_equal(sodium_hex2bin(s.key[0], sizeof s.key[0], KEY_HEX, 64, NULL, &len, NULL),
                     0);
    assert_int_equal(sodium_hex2bin(s.key[1], sizeof s.key[1], KEY2_HEX, 64, NULL, &len, NULL),
                     0);
    assert_int_equal(privpol_keyring_parse(text, sizeof text - 1, &a, &kr, NULL), PRIVPOL_OK);
    snprintf(path, sizeof path, "%s/keys", dir);
    assert_int_equal(privpol_keyring_save(kr, path, 0, NULL), PRIVPOL_OK);
    assert_int_equal(privpol_keyring_save(kr, path, PRIVPOL_KEYRING_SAVE_REPLACE, NULL),
                     PRIVPOL_OK);
    privpol_keyring_free(kr);
    kr = NULL;
    assert_int_equal(privpol_keyring_load(path, &a, &kr, NULL), PRIVPOL_OK);
    o.allocator = &a;
    o.keyring = kr;
    o.role = PRIVPOL_ROLE_CONTROLLER;
    o.flags = PRIVPOL_CTX_ALLOW_REVEAL;
    ctx = support_ctx(&o);
    privpol_keyring_free(kr);
    assert_int_equal(privpol_pseudonymizer_new(ctx, "acme", PRIVPOL_CAT_TERMINAL_DEVICE_ID, &pz, NULL),
                     PRIVPOL_OK);
    {
        char value[2000];
        char plain[2100];
        size_t plen = sizeof plain;
        memset(value, 'v', sizeof value);
        len = sizeof out;
        assert_int_equal(privpol_pseudonymizer_run(pz, value, sizeof value, T0,
                                                   PRIVPOL_PSEUDONYM_REVERSIBLE, out, &len,
                                                   NULL),
                         PRIVPOL_OK);
        assert_int_equal(privpol_reveal(ctx, "acme", out, len, NULL, plain, &plen, NULL),
                         PRIVPOL_OK);
    }
    privpol_pseudonymizer_free(pz);
    privpol_ctx_free(ctx);
    assert_true(s.blocks >= 4);
    assert_int_equal(s.found, 0);
    unlink(path);
    rmdir(dir);
    free(dir);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(key_file_errors_hold_no_key),
        cmocka_unit_test(value_errors_do_not_echo_values),
        cmocka_unit_test(reveal_errors_do_not_echo_tokens),
        cmocka_unit_test(cli_never_writes_span_text),
        cmocka_unit_test(keys_are_read_only_and_guarded),
        cmocka_unit_test(keys_never_reach_the_allocator),
    };
    if (argc > 1)
        privpol_exe = argv[1];
    return cmocka_run_group_tests_name("secrets", tests, NULL, NULL);
}
