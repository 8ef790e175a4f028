/* SPDX-License-Identifier: MIT */
/* bench-pseudonym: throughput of keyed pseudonyms against the bare keyed primitive.
 *
 * For each input kind the program times full passes over N distinct inputs made by a
 * fixed-seed PRNG and reports the median ns/call of R passes:
 *   hot        privpol_pseudonymizer_run() (subkey cached)
 *   one-shot   privpol_pseudonymize() (subkey derived per call)
 *   primitive  crypto_shorthash_siphashx24() over the already-normalized bytes
 *   hot-rev    privpol_pseudonymizer_run() with PRIVPOL_PSEUDONYM_REVERSIBLE (ipv4 only)
 * The repetitions of the paths of one kind are interleaved, so a burst of noise from a
 * neighbour on a shared machine hits every path alike and the ratios stay meaningful.
 * See bench/README.md. */
#include "bench-util.h"

#include <privpol.h>

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#define TENANT "acme"
#define AT_FIXED INT64_C(1767225600) /* 2026-01-01T00:00:00Z */
#define DEFAULT_N 100000UL
#define DEFAULT_R 11U
#define MAX_N 50000000UL
#define MAX_R 1001U
#define SEED UINT64_C(0x5eed0b5e55ed1234)
#define OUT_CAP 256U

#define TARGET_IPV4_NS 100.0
#define TARGET_IPV4_RATIO 2.0
#define TARGET_MSISDN_NS 150.0

enum kind { KIND_IPV4, KIND_IPV6, KIND_MSISDN, KIND_EMAIL, KIND_COUNT };

enum path { PATH_HOT, PATH_ONESHOT, PATH_PRIMITIVE, PATH_HOT_REV, PATH_COUNT };

static const char *const kind_names[KIND_COUNT] = {"ipv4", "ipv6", "msisdn", "email"};
static const privpol_category kind_categories[KIND_COUNT] = {
    PRIVPOL_CAT_CONNECTION_IP_ADDRESS, PRIVPOL_CAT_CONNECTION_IP_ADDRESS, PRIVPOL_CAT_TERMINAL_MSISDN, PRIVPOL_CAT_CONTACT_EMAIL};
static const char *const path_names[PATH_COUNT] = {"hot", "one-shot", "primitive",
                                                   "hot-rev"};

/* N strings in one arena: item i is arena[off[i]] .. arena[off[i] + len[i]). */
struct strings {
    char *arena;
    size_t used, cap;
    size_t *off, *len;
    size_t count;
};

struct bench {
    size_t n;
    unsigned reps;
    bool json;
    privpol_ctx *ctx;
    uint8_t prim_key[crypto_shorthash_siphashx24_KEYBYTES];
    uint64_t checksum;
};

/* What one timed pass needs. */
struct pass {
    struct bench *b;
    enum kind kind;
    privpol_pseudonymizer *pz;
    const struct strings *in;   /* raw text inputs */
    const struct strings *norm; /* keyed bytes, for the primitive */
};

/* ---- helpers ----------------------------------------------------------------------- */

static void
die_status(const char *what, privpol_status st, const privpol_error *err)
{
    bench_die("%s: %s%s%s", what, privpol_strerror(st),
              err != NULL && err->message[0] ? ": " : "",
              err != NULL ? err->message : "");
}

static void *
xmalloc(size_t size)
{
    void *p = malloc(size == 0 ? 1 : size);
    if (p == NULL)
        bench_die("out of memory");
    return p;
}

/* splitmix64: small, fast, and the same sequence everywhere for a given seed. */
static uint64_t
rng_next(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static unsigned
rng_below(uint64_t *state, unsigned bound)
{
    return (unsigned)(rng_next(state) % bound);
}

/* Xor of the output in 8-byte words, the last word overlapping the one before when the
 * length is not a multiple of 8: every byte counts, for a few instructions per call, so
 * the harness adds little to the paths it times. */
static uint64_t
fold(const void *p, size_t n)
{
    const unsigned char *c = p;
    uint64_t acc = 0, w;
    size_t i = 0;
    if (n < 8) {
        for (; i < n; i++)
            acc ^= (uint64_t)c[i] << (8 * i);
        return acc;
    }
    for (; i + 8 <= n; i += 8) {
        memcpy(&w, c + i, 8);
        acc ^= w;
    }
    if (i < n) {
        memcpy(&w, c + n - 8, 8);
        acc ^= w << 1 | w >> 63; /* rotated, so overlapping bytes do not cancel */
    }
    return acc;
}

/* Passes repeat the same outputs, so plain xor across passes would cancel out. */
static void
mix(struct bench *b, uint64_t pass_xor)
{
    b->checksum = (b->checksum << 1 | b->checksum >> 63) ^ pass_xor;
}

/* ---- inputs ------------------------------------------------------------------------ */

static void
strings_init(struct strings *s, size_t count, size_t avg)
{
    s->cap = count * avg + 64;
    s->arena = xmalloc(s->cap);
    s->used = 0;
    s->off = xmalloc(count * sizeof *s->off);
    s->len = xmalloc(count * sizeof *s->len);
    s->count = 0;
}

static void
strings_add(struct strings *s, const void *bytes, size_t n)
{
    if (s->used + n + 1 > s->cap) {
        char *grown;
        s->cap = (s->used + n + 1) * 2;
        if ((grown = realloc(s->arena, s->cap)) == NULL)
            bench_die("out of memory");
        s->arena = grown;
    }
    memcpy(s->arena + s->used, bytes, n);
    s->arena[s->used + n] = '\0';
    s->off[s->count] = s->used;
    s->len[s->count] = n;
    s->used += n + 1;
    s->count++;
}

static void
strings_free(struct strings *s)
{
    free(s->arena);
    free(s->off);
    free(s->len);
}

static bool
ipv4_is_public(unsigned a, unsigned b)
{
    return !(a == 0 || a == 10 || a == 127 || a >= 224 ||
             (a == 100 && (b & 0xc0) == 64) || (a == 169 && b == 254) ||
             (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168) ||
             (a == 198 && (b & 0xfe) == 18));
}

static size_t
gen_ipv4(uint64_t *rng, char *buf, size_t cap)
{
    unsigned a, b;
    do {
        a = rng_below(rng, 256);
        b = rng_below(rng, 256);
    } while (!ipv4_is_public(a, b));
    return (size_t)snprintf(buf, cap, "%u.%u.%u.%u", a, b, rng_below(rng, 256),
                            rng_below(rng, 256));
}

/* 2001:db8::/32 or 2a01:cb00::/32; some groups zero so that about half the addresses
 * are written with "::"; some uppercase or zero-padded, as logs show them. */
static size_t
gen_ipv6(uint64_t *rng, char *buf, size_t cap)
{
    unsigned g[8], style = rng_below(rng, 8);
    size_t o = 0;
    bool upper = style == 6, padded = style == 7, compress = style < 4;
    if (rng_below(rng, 2)) {
        g[0] = 0x2001;
        g[1] = 0x0db8;
    } else {
        g[0] = 0x2a01;
        g[1] = 0xcb00;
    }
    for (int i = 2; i < 8; i++)
        g[i] = rng_below(rng, 0x10000);
    if (compress) {
        /* A run of 2 to 4 zero groups inside groups 2..7. */
        unsigned run = 2 + rng_below(rng, 3), at = 2 + rng_below(rng, 7 - run);
        for (unsigned i = at; i < at + run; i++)
            g[i] = 0;
        for (unsigned i = 0; i < 8; i++) {
            if (i == at) {
                o += (size_t)snprintf(buf + o, cap - o, "::");
                i += run - 1;
                continue;
            }
            o += (size_t)snprintf(buf + o, cap - o, "%s%x",
                                  i == 0 || i == at + run ? "" : ":", g[i]);
        }
        return o;
    }
    for (int i = 0; i < 8; i++)
        o += (size_t)snprintf(buf + o, cap - o,
                              upper    ? "%s%X"
                              : padded ? "%s%04x"
                                       : "%s%x",
                              i == 0 ? "" : ":", g[i]);
    return o;
}

/* French mobiles in the notations found in CRM exports and CDRs. */
static size_t
gen_msisdn(uint64_t *rng, char *buf, size_t cap)
{
    unsigned m = 6 + rng_below(rng, 2), d[8];
    for (int i = 0; i < 8; i++)
        d[i] = rng_below(rng, 10);
    switch (rng_below(rng, 5)) {
    case 0:
        return (size_t)snprintf(buf, cap, "+33%u%u%u%u%u%u%u%u%u", m, d[0], d[1], d[2],
                                d[3], d[4], d[5], d[6], d[7]);
    case 1:
        return (size_t)snprintf(buf, cap, "0%u %u%u %u%u %u%u %u%u", m, d[0], d[1], d[2],
                                d[3], d[4], d[5], d[6], d[7]);
    case 2:
        return (size_t)snprintf(buf, cap, "0%u%u%u%u%u%u%u%u%u", m, d[0], d[1], d[2],
                                d[3], d[4], d[5], d[6], d[7]);
    case 3:
        return (size_t)snprintf(buf, cap, "+33 %u %u%u %u%u %u%u %u%u", m, d[0], d[1],
                                d[2], d[3], d[4], d[5], d[6], d[7]);
    default:
        return (size_t)snprintf(buf, cap, "0%u.%u%u.%u%u.%u%u.%u%u", m, d[0], d[1], d[2],
                                d[3], d[4], d[5], d[6], d[7]);
    }
}

static size_t
gen_email(uint64_t *rng, char *buf, size_t cap)
{
    static const char *const first[] = {"jean",   "marie",   "pierre",  "sophie",
                                        "luc",    "claire",  "nicolas", "julie",
                                        "thomas", "camille", "antoine", "lea"};
    static const char *const last[] = {
        "martin", "bernard", "dubois", "thomas", "robert",  "richard",  "petit",
        "durand", "leroy",   "moreau", "simon",  "laurent", "lefebvre", "michel"};
    static const char *const domain[] = {"example.fr", "example.com", "example.org",
                                         "mail.example.net"};
    size_t n = (size_t)snprintf(
        buf, cap, "%s.%s%u@%s", first[rng_below(rng, sizeof first / sizeof *first)],
        last[rng_below(rng, sizeof last / sizeof *last)], rng_below(rng, 100000),
        domain[rng_below(rng, sizeof domain / sizeof *domain)]);
    /* One address in four has capitals, as typed into a web form. */
    if (rng_below(rng, 4) == 0) {
        buf[0] = (char)(buf[0] - 'a' + 'A');
        for (size_t i = 1; i < n; i++)
            if (buf[i - 1] == '.' && buf[i] >= 'a' && buf[i] <= 'z')
                buf[i] = (char)(buf[i] - 'a' + 'A');
    }
    return n;
}

/* Distinct inputs of one kind; a duplicate is regenerated. */
static void
gen_inputs(enum kind k, size_t n, struct strings *out)
{
    uint64_t rng = SEED ^ ((uint64_t)k << 56);
    size_t slots = 1, mask;
    uint64_t *seen;
    char buf[128];

    while (slots < n * 2)
        slots <<= 1;
    mask = slots - 1;
    seen = calloc(slots, sizeof *seen);
    if (seen == NULL)
        bench_die("out of memory");
    strings_init(out, n, 32);
    while (out->count < n) {
        size_t len = 0, h;
        uint64_t fp;
        switch (k) {
        case KIND_IPV4:
            len = gen_ipv4(&rng, buf, sizeof buf);
            break;
        case KIND_IPV6:
            len = gen_ipv6(&rng, buf, sizeof buf);
            break;
        case KIND_MSISDN:
            len = gen_msisdn(&rng, buf, sizeof buf);
            break;
        default:
            len = gen_email(&rng, buf, sizeof buf);
            break;
        }
        /* Distinct as text; a 64-bit FNV-1a fingerprint is enough at these sizes (a
         * collision only drops one input). */
        fp = UINT64_C(0xcbf29ce484222325);
        for (size_t i = 0; i < len; i++)
            fp = (fp ^ (unsigned char)buf[i]) * UINT64_C(0x100000001b3);
        fp |= 1; /* 0 marks a free slot */
        for (h = (size_t)(fp >> 17) & mask; seen[h] != 0 && seen[h] != fp;
             h = (h + 1) & mask)
            ;
        if (seen[h] == fp)
            continue;
        seen[h] = fp;
        strings_add(out, buf, len);
    }
    free(seen);
}

/* The bytes the library keys: binary address for IPs, normalized text otherwise. */
static void
normalize_inputs(const struct bench *b, enum kind k, const struct strings *in,
                 struct strings *out)
{
    char text[PRIVPOL_NORMALIZED_MAX];
    unsigned char bin[16];
    privpol_error err;
    privpol_status st;

    strings_init(out, in->count, k == KIND_IPV6 ? 17 : 24);
    for (size_t i = 0; i < in->count; i++) {
        size_t len = sizeof text;
        st = privpol_normalize(b->ctx, kind_categories[k], in->arena + in->off[i],
                               in->len[i], text, &len, &err);
        if (st != PRIVPOL_OK) {
            fprintf(stderr, "bench-pseudonym: %s input \"%s\": ", kind_names[k],
                    in->arena + in->off[i]);
            die_status("privpol_normalize", st, &err);
        }
        if (k == KIND_IPV4 || k == KIND_IPV6) {
            int af = k == KIND_IPV4 ? AF_INET : AF_INET6;
            if (inet_pton(af, text, bin) != 1)
                bench_die("inet_pton rejected a canonical address");
            strings_add(out, bin, k == KIND_IPV4 ? 4 : 16);
        } else {
            strings_add(out, text, len);
        }
    }
}

/* ---- timed passes ------------------------------------------------------------------ */

static void
pass_hot(struct pass *ps, unsigned flags)
{
    const struct strings *in = ps->in;
    char out[OUT_CAP];
    uint64_t acc = 0;
    privpol_status st;
    size_t len;

    for (size_t i = 0; i < in->count; i++) {
        len = sizeof out;
        st = privpol_pseudonymizer_run(ps->pz, in->arena + in->off[i], in->len[i],
                                       AT_FIXED, flags, out, &len, NULL);
        if (st != PRIVPOL_OK)
            die_status("privpol_pseudonymizer_run", st, NULL);
        acc ^= fold(out, len);
    }
    mix(ps->b, acc);
}

static void
pass_oneshot(struct pass *ps)
{
    const struct strings *in = ps->in;
    privpol_category category = kind_categories[ps->kind];
    char out[OUT_CAP];
    uint64_t acc = 0;
    privpol_status st;
    size_t len;

    for (size_t i = 0; i < in->count; i++) {
        len = sizeof out;
        st = privpol_pseudonymize(ps->b->ctx, TENANT, category, in->arena + in->off[i],
                                  in->len[i], AT_FIXED, 0, out, &len, NULL);
        if (st != PRIVPOL_OK)
            die_status("privpol_pseudonymize", st, NULL);
        acc ^= fold(out, len);
    }
    mix(ps->b, acc);
}

static void
pass_primitive(struct pass *ps)
{
    const struct strings *nm = ps->norm;
    unsigned char h[crypto_shorthash_siphashx24_BYTES];
    uint64_t acc = 0;

    for (size_t i = 0; i < nm->count; i++) {
        if (crypto_shorthash_siphashx24(h, (const unsigned char *)nm->arena + nm->off[i],
                                        nm->len[i], ps->b->prim_key) != 0)
            bench_die("crypto_shorthash_siphashx24 failed");
        acc ^= fold(h, sizeof h);
    }
    mix(ps->b, acc);
}

static void
run_pass(struct pass *ps, enum path p)
{
    switch (p) {
    case PATH_HOT:
        pass_hot(ps, 0);
        break;
    case PATH_ONESHOT:
        pass_oneshot(ps);
        break;
    case PATH_PRIMITIVE:
        pass_primitive(ps);
        break;
    default:
        pass_hot(ps, PRIVPOL_PSEUDONYM_REVERSIBLE);
        break;
    }
}

/* The hot path must give what the one-shot form gives (and the bench would be
 * meaningless otherwise): check on the first inputs before timing. */
static void
check_agreement(struct pass *ps)
{
    const struct strings *in = ps->in;
    char a[OUT_CAP], b[OUT_CAP];
    size_t la, lb;
    privpol_error err;
    privpol_status st;

    for (size_t i = 0; i < in->count && i < 1000; i++) {
        const char *v = in->arena + in->off[i];
        la = sizeof a;
        lb = sizeof b;
        if ((st = privpol_pseudonymizer_run(ps->pz, v, in->len[i], AT_FIXED, 0, a, &la,
                                            &err)) != PRIVPOL_OK)
            die_status("privpol_pseudonymizer_run", st, &err);
        if ((st = privpol_pseudonymize(ps->b->ctx, TENANT, kind_categories[ps->kind], v,
                                       in->len[i], AT_FIXED, 0, b, &lb, &err)) !=
            PRIVPOL_OK)
            die_status("privpol_pseudonymize", st, &err);
        if (la != lb || memcmp(a, b, la) != 0)
            bench_die("hot path and one-shot disagree");
    }
}

/* ---- report ------------------------------------------------------------------------ */

struct result {
    double med, min, max; /* ns per call */
};

static void
print_row(const struct bench *b, enum kind k, enum path p, const struct result *r,
          double prim_med)
{
    double ratio = r->med / prim_med;
    if (b->json) {
        printf("{\"record\":\"result\",\"kind\":\"%s\",\"path\":\"%s\",\"n\":%zu,"
               "\"reps\":%u,\"ns_per_call\":%.2f,\"ns_min\":%.2f,\"ns_max\":%.2f,"
               "\"mcalls_per_s\":%.3f,\"ratio_to_primitive\":%.3f}\n",
               kind_names[k], path_names[p], b->n, b->reps, r->med, r->min, r->max,
               1e3 / r->med, ratio);
    } else {
        printf("%-8s %-10s %9.1f %10.2f %20.2f  %.1f-%.1f\n", kind_names[k],
               path_names[p], r->med, 1e3 / r->med, ratio, r->min, r->max);
    }
}

static void
print_verdict(const struct bench *b, const char *what, double value, double limit,
              const char *unit)
{
    bool ok = value <= limit;
    if (b->json)
        printf("{\"record\":\"target\",\"target\":\"%s\",\"value\":%.3f,\"limit\":%.3f,"
               "\"met\":%s}\n",
               what, value, limit, ok ? "true" : "false");
    else
        printf("target %-28s %8.2f%s (limit %.1f%s): %s\n", what, value, unit, limit,
               unit, ok ? "met" : "MISSED");
}

static void
bench_kind(struct bench *b, enum kind k)
{
    struct strings in, nm;
    struct pass ps = {b, k, NULL, &in, &nm};
    enum path paths[PATH_COUNT];
    size_t npaths = 0;
    double *t = xmalloc((size_t)PATH_COUNT * b->reps * sizeof *t);
    struct result res[PATH_COUNT];
    privpol_error err;
    privpol_status st;

    gen_inputs(k, b->n, &in);
    normalize_inputs(b, k, &in, &nm);
    if ((st = privpol_pseudonymizer_new(b->ctx, TENANT, kind_categories[k], &ps.pz,
                                        &err)) != PRIVPOL_OK)
        die_status("privpol_pseudonymizer_new", st, &err);
    check_agreement(&ps);

    paths[npaths++] = PATH_HOT;
    paths[npaths++] = PATH_ONESHOT;
    paths[npaths++] = PATH_PRIMITIVE;
    if (k == KIND_IPV4)
        paths[npaths++] = PATH_HOT_REV;

    for (size_t j = 0; j < npaths; j++)
        run_pass(&ps, paths[j]); /* warm-up: caches, branch predictors, page faults */
    for (unsigned r = 0; r < b->reps; r++) {
        for (size_t j = 0; j < npaths; j++) {
            double t0 = bench_now_ns();
            run_pass(&ps, paths[j]);
            t[j * b->reps + r] = (bench_now_ns() - t0) / (double)b->n;
        }
    }
    for (size_t j = 0; j < npaths; j++) {
        double *v = t + j * b->reps;
        struct result *rs = &res[paths[j]];
        rs->med = bench_median(v, b->reps); /* sorts v */
        rs->min = v[0];
        rs->max = v[b->reps - 1];
    }
    for (size_t j = 0; j < npaths; j++)
        print_row(b, k, paths[j], &res[paths[j]], res[PATH_PRIMITIVE].med);

    if (k == KIND_IPV4) {
        print_verdict(b, "ipv4 hot ns/call", res[PATH_HOT].med, TARGET_IPV4_NS, " ns");
        print_verdict(b, "ipv4 hot ratio-to-primitive",
                      res[PATH_HOT].med / res[PATH_PRIMITIVE].med, TARGET_IPV4_RATIO,
                      "x");
    } else if (k == KIND_MSISDN) {
        print_verdict(b, "msisdn hot ns/call", res[PATH_HOT].med, TARGET_MSISDN_NS,
                      " ns");
    }
    fflush(stdout);

    privpol_pseudonymizer_free(ps.pz);
    strings_free(&in);
    strings_free(&nm);
    free(t);
}

/* ---- main -------------------------------------------------------------------------- */

static void
usage(FILE *f)
{
    fprintf(
        f,
        "usage: bench-pseudonym [-n N] [-r R] [--kind ipv4|ipv6|msisdn|email|all] "
        "[--json]\n"
        "\n"
        "Time keyed pseudonyms (hot path, one-shot) against the bare SipHash primitive\n"
        "on N distinct generated inputs per kind; report the median of R passes.\n"
        "\n"
        "  -n N          inputs per kind (default %lu)\n"
        "  -r R          timed passes per path (default %u; one warm-up pass first)\n"
        "  --kind K      ipv4, ipv6, msisdn, email or all (default all)\n"
        "  --json        one JSON object per line instead of the table\n"
        "  -h, --help    this text\n",
        DEFAULT_N, DEFAULT_R);
}

static unsigned long
parse_count(const char *opt, const char *s, unsigned long max)
{
    char *end;
    unsigned long v;
    errno = 0;
    if (s == NULL || *s < '0' || *s > '9')
        goto bad;
    v = strtoul(s, &end, 10);
    if (errno != 0 || *end != '\0' || v == 0 || v > max)
        goto bad;
    return v;
bad:
    fprintf(stderr, "bench-pseudonym: %s wants a number from 1 to %lu\n", opt, max);
    exit(64);
}

int
main(int argc, char **argv)
{
    struct bench b = {DEFAULT_N, DEFAULT_R, false, NULL, {0}, 0};
    privpol_ctx_options o = PRIVPOL_CTX_OPTIONS_INIT;
    privpol_keyring *kr = NULL;
    privpol_error err;
    privpol_status st;
    int only = -1; /* -1: all kinds */

    bench_init("bench-pseudonym", 1);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *kind = NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "-n") == 0) {
            b.n = parse_count("-n", i + 1 < argc ? argv[++i] : NULL, MAX_N);
        } else if (strcmp(a, "-r") == 0) {
            b.reps = (unsigned)parse_count("-r", i + 1 < argc ? argv[++i] : NULL, MAX_R);
        } else if (strcmp(a, "--json") == 0) {
            b.json = true;
        } else if (strcmp(a, "--kind") == 0 || strncmp(a, "--kind=", 7) == 0) {
            kind = a[6] == '=' ? a + 7 : i + 1 < argc ? argv[++i] : NULL;
            if (kind == NULL) {
                fprintf(stderr, "bench-pseudonym: --kind wants ipv4, ipv6, msisdn, email "
                                "or all\n");
                return 64;
            }
            only = -2;
            if (strcmp(kind, "all") == 0)
                only = -1;
            for (int k = 0; k < KIND_COUNT; k++)
                if (strcmp(kind, kind_names[k]) == 0)
                    only = k;
            if (only == -2) {
                fprintf(stderr, "bench-pseudonym: unknown kind \"%s\"\n", kind);
                usage(stderr);
                return 64;
            }
        } else {
            fprintf(stderr, "bench-pseudonym: unknown argument \"%s\"\n", a);
            usage(stderr);
            return 64;
        }
    }

    if ((st = privpol_keyring_generate(0, NULL, &kr, NULL)) != PRIVPOL_OK)
        die_status("privpol_keyring_generate", st, NULL);
    o.keyring = kr;
    if ((st = privpol_ctx_new(&o, &b.ctx, &err)) != PRIVPOL_OK)
        die_status("privpol_ctx_new", st, &err);
    privpol_keyring_free(kr); /* the context holds its own copy */
    /* Any fixed key will do: SipHash costs the same for every key. */
    for (size_t i = 0; i < sizeof b.prim_key; i++)
        b.prim_key[i] = (uint8_t)(0xa5 ^ i);

    if (b.json) {
        printf("{\"record\":\"header\",\"bench\":\"pseudonym\",\"version\":\"%s\","
               "\"sodium\":\"%s\",\"n\":%zu,\"reps\":%u,\"at\":%" PRId64 "}\n",
               privpol_version_string(), sodium_version_string(), b.n, b.reps, AT_FIXED);
    } else {
        printf("bench-pseudonym: libprivpol %s, libsodium %s, N=%zu inputs/kind, R=%u "
               "passes (median; 1 warm-up)\n",
               privpol_version_string(), sodium_version_string(), b.n, b.reps);
        printf("targets: ipv4 hot <= %.0f ns and <= %.1fx primitive; msisdn hot <= %.0f "
               "ns\n\n",
               TARGET_IPV4_NS, TARGET_IPV4_RATIO, TARGET_MSISDN_NS);
        printf("%-8s %-10s %9s %10s %20s  %s\n", "kind", "path", "ns/call", "Mcalls/s",
               "ratio-to-primitive", "min-max ns/call");
    }
    fflush(stdout);

    for (int k = 0; k < KIND_COUNT; k++)
        if (only < 0 || only == k)
            bench_kind(&b, (enum kind)k);

    if (b.json)
        printf("{\"record\":\"checksum\",\"checksum\":\"%016" PRIx64 "\"}\n", b.checksum);
    else
        printf("\nchecksum %016" PRIx64 "\n", b.checksum);
    privpol_ctx_free(b.ctx);
    return 0;
}
