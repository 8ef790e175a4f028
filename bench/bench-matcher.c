/* SPDX-License-Identifier: MIT */
/* bench-matcher: the candidate-finding stage of the free-text scanner on three engines,
 * to decide which one the library uses (docs/matcher.md).
 *
 * The same shapes (email, phone, IPv4, IPv6, card, IBAN, names after a title or cue)
 * are looked for in every comment text of the corpus by:
 *   re2c            the library's scanner (DFAs generated at build time by re2c) with
 *                   its validators switched off: candidates only
 *   pcre2-alt       PCRE2 with JIT, one pattern: the alternation of the shapes, matched
 *                   repeatedly over each text (leftmost-first semantics)
 *   pcre2-each      PCRE2 with JIT, one pattern per shape, each run over each text (so
 *                   that every shape is found, as with the longest-match DFAs)
 *   hyperscan       Hyperscan, all shapes in one block-mode database with
 *                   HS_FLAG_SOM_LEFTMOST; every match is reported (when built with it)
 *   hyperscan-end   the same without start offsets (ends only: its fastest mode, but
 *                   a span still needs a second pass to find where it begins)
 * and the whole pipeline, candidates then validation, by:
 *   re2c+validate   privpol_scan() itself
 *   pcre2+validate  pcre2-alt, each match passed to the same validators
 * The regular expressions below are the re2c definitions of src/ident/scan.re written in
 * PCRE syntax, minus what the scanner does in C (context rules, the start of sentences).
 * One warm-up pass, then R passes of each engine interleaved; the figure is the median
 * MB/s, with the number of candidates found per pass as a sanity check.
 *
 * With --lines each engine makes one call over all texts joined by newlines instead of
 * one call per text (what favours engines with a high cost per call).
 *
 * Usage: bench-matcher [--reps R] [--lines] [CORPUS] */
#define PCRE2_CODE_UNIT_WIDTH 8

#include "bench-util.h"
#include "corpus.h"
#include "scan.h"

#include <pcre2.h>
#ifdef HAVE_HYPERSCAN
#include <hs.h>
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_R 15U

/* ---- the shapes, in PCRE syntax ------------------------------------------------------
 */

#define OCTET "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])"
#define IPV4 OCTET "\\." OCTET "\\." OCTET "\\." OCTET
#define H16 "[0-9A-Fa-f]{1,4}"
#define LS32 "(?:" H16 ":" H16 "|" IPV4 ")"
#define IPV6                                                                             \
    "(?:(?:" H16 ":){6}" LS32 "|::(?:" H16 ":){5}" LS32 "|(?:" H16 ")?::(?:" H16         \
    ":){4}" LS32 "|(?:(?:" H16 ":){0,1}" H16 ")?::(?:" H16 ":){3}" LS32 "|(?:(?:" H16    \
    ":){0,2}" H16 ")?::(?:" H16 ":){2}" LS32 "|(?:(?:" H16 ":){0,3}" H16 ")?::" H16      \
    ":" LS32 "|(?:(?:" H16 ":){0,4}" H16 ")?::" LS32 "|(?:(?:" H16 ":){0,5}" H16         \
    ")?::" H16 "|(?:(?:" H16 ":){0,6}" H16 ")?::)"
#define CARD                                                                             \
    "(?:[0-9]{12,19}|[0-9]{4}(?: [0-9]{4}){2,3}(?: [0-9]{1,4})?"                         \
    "|[0-9]{4}(?:-[0-9]{4}){2,3}(?:-[0-9]{1,4})?|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5})"
#define IBAN                                                                             \
    "[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?)"
#define PGRP "\\([0-9]{1,5}\\)"
#define PHONE                                                                            \
    "(?:\\+[0-9]+|\\b0[0-9]*|" PGRP "[ .-]?[0-9]+)(?:(?:[ .-]|[ .-]?" PGRP               \
    "[ .-]?)[0-9]+)*"
#define LABEL "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
#define EMAIL                                                                            \
    "[A-Za-z0-9._%+-]{1,64}@(?:" LABEL "\\.)+[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
/* Upper-case letter, then lower or upper case: ASCII and Latin-1 as UTF-8 bytes. */
#define UP "(?:[A-Z]|\\xC3[\\x80-\\x96\\x98-\\x9E])"
#define LOW "(?:[a-z]|\\xC3[\\x9F-\\xB6\\xB8-\\xBF])"
#define NAMEWORD UP "(?:" LOW "|" UP ")+(?:[-']" UP "(?:" LOW "|" UP ")+)*"
#define CUE                                                                              \
    "(?:M\\.|Mme\\.?|Mlle\\.?|Mr\\.?|Mrs\\.?|Ms\\.?|Dr\\.?|Me|Pr\\.?|Miss|Monsieur|"     \
    "Madame"                                                                             \
    "|Mademoiselle|Docteur|Professeur|monsieur|madame|mademoiselle|docteur|Bonjour"      \
    "|Bonsoir|Salut|Cher|Ch\\xC3\\xA8re|Hello|Hi|Hey|Dear|bonjour|bonsoir"               \
    "|[Aa]ppel de|[Aa]ppel entrant de|(?:\\xC3\\x89|\\xC3\\xA9|E|e)change avec"          \
    "|[Ee]ntretien avec|(?:[Rr]endez-vous|RDV) avec|[Mm]essage de|de la part de"         \
    "|au nom de|pour le compte de|[Pp]arl\\xC3\\xA9 avec"                                \
    "|(?:[Ss]poke|[Tt]alked|[Ss]poken) (?:with|to)|(?:[Cc]all|[Mm]essage|[Ee]mail) from" \
    "|[Oo]n behalf of)"
#define NAME                                                                             \
    CUE ",? +" NAMEWORD "(?: (?:(?:de|du|da|dos|van|von|le|la) )?" NAMEWORD "){0,3}"

enum kind { K_EMAIL, K_PHONE, K_IPV4, K_IPV6, K_CARD, K_IBAN, K_NAME, K_COUNT };
static const char *const kind_names[K_COUNT] = {"email", "phone", "ipv4", "ipv6",
                                                "card",  "iban",  "name"};
/* PCRE2: each shape may only begin where the scanner lets a candidate begin, which the
 * lookbehinds say; without them a pattern such as the email one is tried again at
 * every letter of every word. */
static const char *const pcre_patterns[K_COUNT] = {"(?<![A-Za-z0-9._%+-])" EMAIL,
                                                   "(?<![A-Za-z0-9_+])" PHONE "\\b",
                                                   "\\b" IPV4 "\\b",
                                                   "(?<![0-9A-Za-z:])" IPV6,
                                                   "\\b" CARD "\\b",
                                                   "\\b" IBAN "\\b",
                                                   "\\b" NAME "\\b"};
/* Hyperscan has no lookbehind and refuses bounded repeats as large as {1,64} with
 * start-of-match reporting: the local part is unbounded there. */
static const char *const hs_patterns[K_COUNT] = {
    "[A-Za-z0-9._%+-]+@(?:" LABEL "\\.)+[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?",
    PHONE "\\b",
    "\\b" IPV4 "\\b",
    IPV6,
    "\\b" CARD "\\b",
    "\\b" IBAN "\\b",
    "\\b" NAME "\\b"};

enum engine {
    E_RE2C,
    E_PCRE2_ALT,
    E_PCRE2_EACH,
    E_HYPERSCAN,
    E_HYPERSCAN_END,
    E_RE2C_FULL,
    E_PCRE2_FULL,
    E_COUNT
};
static const char *const engine_names[E_COUNT] = {
    "re2c",          "pcre2-alt",     "pcre2-each",    "hyperscan",
    "hyperscan-end", "re2c+validate", "pcre2+validate"};

struct bench {
    const struct corpus *cp;
    privpol_ctx *ctx;
    privpol_span *spans;
    size_t spans_cap;
    pcre2_code *alt, *each[K_COUNT];
    pcre2_match_data *md;
#ifdef HAVE_HYPERSCAN
    hs_database_t *hs_db, *hs_db_end; /* with start of match; ends only */
    hs_scratch_t *hs_scratch;
#endif
    bool lines;   /* one call over all texts joined by '\n' instead of one per text */
    size_t found; /* candidates (or spans) of the last pass */
};

/* Which alternative of the combined pattern matched: the first set capture group. */
static int
alt_kind(pcre2_match_data *md)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    for (int k = 0; k < K_COUNT; k++)
        if (ov[2 * (k + 1)] != PCRE2_UNSET)
            return k;
    return -1;
}

/* The validators the library runs on a candidate of this kind. */
static bool
validate(const privpol_ctx *ctx, int kind, const char *s, size_t n)
{
    uint8_t ip[16];
    char buf[PRIVPOL__EMAIL_MAX];
    size_t len;
    switch (kind) {
    case K_EMAIL:
        return privpol__email_parse(s, n, true, buf, &len, NULL) == PRIVPOL_OK;
    case K_PHONE:
        return privpol__scan_phone_e164(ctx, s, n, buf, &len);
    case K_IPV4:
    case K_IPV6:
        return privpol__ip_parse(s, n, ip, &len, NULL) == PRIVPOL_OK;
    case K_CARD:
        return privpol__card_ok(s, n);
    case K_IBAN:
        return privpol__iban_ok(s, n);
    default:
        return true;
    }
}

static size_t
pcre2_run(struct bench *b, pcre2_code *code, const char *s, size_t n, bool full)
{
    size_t off = 0, found = 0;
    while (off <= n) {
        PCRE2_SIZE *ov;
        int rc = pcre2_jit_match(code, (PCRE2_SPTR)s, n, off, 0, b->md, NULL);
        if (rc < 0)
            break;
        ov = pcre2_get_ovector_pointer(b->md);
        if (!full || validate(b->ctx, alt_kind(b->md), s + ov[0], ov[1] - ov[0]))
            found++;
        off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }
    return found;
}

#ifdef HAVE_HYPERSCAN
static int
hs_count(unsigned int id, unsigned long long from, unsigned long long to,
         unsigned int flags, void *payload)
{
    (void)id, (void)from, (void)to, (void)flags;
    (*(size_t *)payload)++;
    return 0;
}
#endif

/* One pass of an engine over every text; returns seconds. */
static double
run(struct bench *b, enum engine e)
{
    const struct corpus *cp = b->cp;
    double t0 = bench_now_s();
    size_t found = 0, texts = b->lines ? 1 : cp->count;

    for (size_t i = 0; i < texts; i++) {
        const char *s = b->lines ? cp->arena : cp->arena + cp->texts[i].off;
        size_t n = b->lines ? cp->arena_len : cp->texts[i].len;
        size_t count = b->spans_cap;
        switch (e) {
        case E_RE2C:
            if (privpol__scan_run(b->ctx, s, n, b->spans, &count,
                                  PRIVPOL__SCAN_SHAPES_ONLY, NULL) != PRIVPOL_OK)
                bench_die("scan failed");
            found += count;
            break;
        case E_RE2C_FULL:
            if (privpol_scan(b->ctx, s, n, b->spans, &count, NULL) != PRIVPOL_OK)
                bench_die("scan failed");
            found += count;
            break;
        case E_PCRE2_ALT:
            found += pcre2_run(b, b->alt, s, n, false);
            break;
        case E_PCRE2_FULL:
            found += pcre2_run(b, b->alt, s, n, true);
            break;
        case E_PCRE2_EACH:
            for (int k = 0; k < K_COUNT; k++)
                found += pcre2_run(b, b->each[k], s, n, false);
            break;
        case E_HYPERSCAN:
        case E_HYPERSCAN_END:
#ifdef HAVE_HYPERSCAN
            if (hs_scan(e == E_HYPERSCAN ? b->hs_db : b->hs_db_end, s, (unsigned)n, 0,
                        b->hs_scratch, hs_count, &found) != HS_SUCCESS)
                bench_die("hs_scan failed");
#endif
            break;
        case E_COUNT:
        default:
            break;
        }
    }
    b->found = found;
    return bench_now_s() - t0;
}

static pcre2_code *
compile(const char *pattern, double *seconds)
{
    int err;
    PCRE2_SIZE at;
    double t0 = bench_now_s();
    pcre2_code *code =
        pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &err, &at, NULL);
    if (code == NULL) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        bench_die("PCRE2 pattern: %s at %zu", (const char *)msg, (size_t)at);
    }
    if (pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) != 0)
        bench_die("PCRE2 JIT is not available");
    *seconds += bench_now_s() - t0;
    return code;
}

int
main(int argc, char **argv)
{
    const char *path = NULL;
    unsigned reps = DEFAULT_R;
    struct corpus cp;
    struct bench *b;
    double *times[E_COUNT], pcre_compile_s = 0, hs_compile_s = 0;
    size_t found[E_COUNT] = {0}, alt_len = 0, text_bytes, jit_size = 0;
    bool have[E_COUNT] = {true, true, true, false, false, true, true};
    char *alt;
    bool lines = false;

    bench_init("bench-matcher", 2);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--lines") == 0) {
            lines = true;
        } else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
            long r = strtol(argv[++i], NULL, 10);
            if (r < 1 || r > 1001)
                bench_die("--reps must be 1 to 1001");
            reps = (unsigned)r;
        } else {
            path =
                corpus_arg(argv[i], "usage: bench-matcher [--reps R] [--lines] [CORPUS]");
        }
    }
    if (!corpus_open(&cp, &path))
        return 2;
    if ((b = calloc(1, sizeof *b)) == NULL || privpol_ctx_new(NULL, &b->ctx, NULL) != 0)
        bench_die("cannot set up");
    b->cp = &cp;
    b->lines = lines;
    b->spans_cap = cp.arena_len / 4 + 1024;
    if ((b->spans = calloc(b->spans_cap, sizeof *b->spans)) == NULL)
        bench_die("out of memory");
    text_bytes = lines ? cp.arena_len : cp.arena_len - cp.count;

    /* PCRE2: the alternation "(a)|(b)|..." and each shape alone */
    for (int k = 0; k < K_COUNT; k++)
        alt_len += strlen(pcre_patterns[k]) + 3;
    if ((alt = malloc(alt_len + 1)) == NULL)
        bench_die("out of memory");
    alt[0] = '\0';
    for (int k = 0; k < K_COUNT; k++) {
        strcat(alt, k ? "|(" : "(");
        strcat(alt, pcre_patterns[k]);
        strcat(alt, ")");
        b->each[k] = compile(pcre_patterns[k], &pcre_compile_s);
    }
    b->alt = compile(alt, &pcre_compile_s);
    pcre2_pattern_info(b->alt, PCRE2_INFO_JITSIZE, &jit_size);
    if ((b->md = pcre2_match_data_create_from_pattern(b->alt, NULL)) == NULL)
        bench_die("out of memory");

#ifdef HAVE_HYPERSCAN
    {
        unsigned flags[K_COUNT], ids[K_COUNT];
        hs_compile_error_t *cerr = NULL;
        double t0 = bench_now_s();
        for (int k = 0; k < K_COUNT; k++) {
            flags[k] = HS_FLAG_SOM_LEFTMOST;
            ids[k] = (unsigned)k;
        }
        if (hs_valid_platform() != HS_SUCCESS) {
            printf("hyperscan: skipped (this CPU lacks SSSE3)\n");
        } else if (hs_compile_multi(hs_patterns, flags, ids, K_COUNT, HS_MODE_BLOCK, NULL,
                                    &b->hs_db, &cerr) != HS_SUCCESS) {
            printf("hyperscan: skipped (%s pattern: %s)\n",
                   cerr->expression >= 0 ? kind_names[cerr->expression] : "all",
                   cerr->message);
            hs_free_compile_error(cerr);
        } else if (hs_alloc_scratch(b->hs_db, &b->hs_scratch) != HS_SUCCESS) {
            bench_die("hs_alloc_scratch failed");
        } else {
            hs_compile_s = bench_now_s() - t0;
            have[E_HYPERSCAN] = true;
            for (int k = 0; k < K_COUNT; k++)
                flags[k] = 0;
            if (hs_compile_multi(hs_patterns, flags, ids, K_COUNT, HS_MODE_BLOCK, NULL,
                                 &b->hs_db_end, &cerr) != HS_SUCCESS) {
                printf("hyperscan-end: skipped (%s)\n", cerr->message);
                hs_free_compile_error(cerr);
            } else if (hs_alloc_scratch(b->hs_db_end, &b->hs_scratch) != HS_SUCCESS) {
                bench_die("hs_alloc_scratch failed");
            } else {
                have[E_HYPERSCAN_END] = true;
            }
        }
    }
#else
    printf("hyperscan: skipped (not found by pkg-config when this was built)\n");
#endif

    for (int e = 0; e < E_COUNT; e++) {
        if ((times[e] = calloc(reps, sizeof *times[e])) == NULL)
            bench_die("out of memory");
        if (have[e]) {
            run(b, (enum engine)e); /* warm-up */
            found[e] = b->found;
        }
    }
    for (unsigned r = 0; r < reps; r++)
        for (int e = 0; e < E_COUNT; e++)
            if (have[e])
                times[e][r] = run(b, (enum engine)e);

    printf("corpus: %s\n  %zu texts, %zu bytes, %s, %u passes, median\n\n", path,
           cp.count, text_bytes,
           lines ? "one call over all texts joined by newlines" : "one call per text",
           reps);
    printf("%-15s %9s %21s %11s\n", "engine", "MB/s", "slowest-fastest", "found/pass");
    for (int e = 0; e < E_COUNT; e++) {
        double med;
        if (!have[e])
            continue;
        med = bench_median(times[e], reps);
        printf("%-15s %9.1f %10.1f-%-10.1f %11zu\n", engine_names[e],
               (double)text_bytes / med / 1e6,
               (double)text_bytes / times[e][reps - 1] / 1e6,
               (double)text_bytes / times[e][0] / 1e6, found[e]);
    }
    printf("\nPCRE2 %d.%d: %zu-byte alternation, compile + JIT of all patterns %.2f ms, "
           "JIT code of the alternation %zu bytes\n",
           PCRE2_MAJOR, PCRE2_MINOR, strlen(alt), pcre_compile_s * 1e3, jit_size);
#ifdef HAVE_HYPERSCAN
    if (have[E_HYPERSCAN]) {
        size_t db_size = 0;
        hs_database_size(b->hs_db, &db_size);
        printf("Hyperscan %s: database %zu bytes, compiled in %.2f ms\n", hs_version(),
               db_size, hs_compile_s * 1e3);
    }
#endif
    printf(
        "re2c: DFAs compiled into the library at build time (no run-time dependency)\n");

    for (int e = 0; e < E_COUNT; e++)
        free(times[e]);
    for (int k = 0; k < K_COUNT; k++)
        pcre2_code_free(b->each[k]);
    pcre2_code_free(b->alt);
    pcre2_match_data_free(b->md);
#ifdef HAVE_HYPERSCAN
    hs_free_scratch(b->hs_scratch);
    hs_free_database(b->hs_db);
    hs_free_database(b->hs_db_end);
#endif
    free(alt);
    free(b->spans);
    privpol_ctx_free(b->ctx);
    free(b);
    corpus_free(&cp);
    return 0;
}
