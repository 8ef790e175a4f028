/* SPDX-License-Identifier: MIT */
/* bench-scan: throughput of privpol_scan() and privpol_redact() on the comment corpus,
 * against the npm package redact-pii run on the same texts in the same invocation.
 *
 * Paths, each timed over all texts of the corpus (~100 bytes each):
 *   scan-texts       privpol_scan() once per text (what a collector does per comment)
 *   scan-lines       privpol_scan() once over all texts joined by '\n' (one large input)
 *   redact-labels    privpol_redact() per text, spans replaced by [category]
 *   redact-pseudo    privpol_redact() per text with PRIVPOL_REDACT_PSEUDONYMIZE
 *   baseline-words   a loop that only counts the words of each text with a byte table:
 *                    the floor of any scanner that reads every byte, for scale
 * One warm-up pass, then R passes of each path interleaved; the figure is the median
 * MB/s (10^6 bytes of text per second) with the slowest and fastest pass. Target:
 * scan-texts >= 300 MB/s on one core. The machines are shared VMs whose speed drifts by
 * a third within minutes: scan-texts / baseline-words is the figure to compare.
 *
 * Peer: when node and npm exist, bench/peer-redact-pii.sh installs redact-pii@3 into a
 * cache under the build directory (once) and times its SyncRedactor.redact() per text
 * on the same corpus (median of R passes); the ratio is privpol_redact (labels) over
 * redact-pii. Without node or npm the peer is skipped and the reason printed.
 *
 * Usage: bench-scan [--reps R] [--only PATH] [--no-peer] [CORPUS]
 * (CORPUS: as bench-accuracy; --only times one path, for profiling). */
#include "bench-util.h"
#include "corpus.h"

#include <privpol.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PEER_SCRIPT
#define PEER_SCRIPT "bench/peer-redact-pii.sh"
#endif
#ifndef PEER_CACHE
#define PEER_CACHE "peer-cache"
#endif

#define DEFAULT_R 21U
#define MAX_R 1001U
#define TARGET_SCAN_MBPS 300.0
#define AT_FIXED INT64_C(1767225600) /* 2026-01-01T00:00:00Z */

enum path {
    P_SCAN_TEXTS,
    P_SCAN_LINES,
    P_REDACT_LABELS,
    P_REDACT_PSEUDO,
    P_WORDS,
    P_COUNT
};
static const char *const path_names[P_COUNT] = {
    "scan-texts", "scan-lines", "redact-labels", "redact-pseudo", "baseline-words"};

struct bench {
    const struct corpus *cp;
    privpol_ctx *ctx;
    privpol_span *spans;
    size_t spans_cap;
    char *out;
    size_t out_cap;
    size_t text_bytes;       /* bytes of text, separators excluded */
    unsigned char word[256]; /* letters, digits, UTF-8 bytes */
    unsigned long long checksum;
};

/* One pass of a path; returns seconds. */
static double
run(struct bench *b, enum path p)
{
    const struct corpus *cp = b->cp;
    double t0 = bench_now_s();
    size_t n;
    privpol_status st;

    switch (p) {
    case P_SCAN_TEXTS:
        for (size_t i = 0; i < cp->count; i++) {
            n = b->spans_cap;
            st = privpol_scan(b->ctx, cp->arena + cp->texts[i].off, cp->texts[i].len,
                              b->spans, &n, NULL);
            if (st != PRIVPOL_OK)
                bench_die("privpol_scan failed");
            b->checksum += n;
        }
        break;
    case P_SCAN_LINES:
        n = b->spans_cap;
        if (privpol_scan(b->ctx, cp->arena, cp->arena_len, b->spans, &n, NULL) != PRIVPOL_OK)
            bench_die("privpol_scan failed on the whole corpus");
        b->checksum += n;
        break;
    case P_REDACT_LABELS:
    case P_REDACT_PSEUDO:
        for (size_t i = 0; i < cp->count; i++) {
            n = b->out_cap;
            st = privpol_redact(b->ctx, "acme", AT_FIXED,
                                p == P_REDACT_PSEUDO ? PRIVPOL_REDACT_PSEUDONYMIZE : 0,
                                cp->arena + cp->texts[i].off, cp->texts[i].len, b->out,
                                &n, NULL);
            if (st != PRIVPOL_OK)
                bench_die("privpol_redact failed");
            b->checksum += n + (unsigned char)b->out[n / 2];
        }
        break;
    case P_WORDS:
        for (size_t i = 0; i < cp->count; i++) {
            const unsigned char *s = (const unsigned char *)cp->arena + cp->texts[i].off;
            size_t len = cp->texts[i].len, words = 0, k = 0;
            while (k < len) {
                if (!b->word[s[k]]) {
                    k++;
                    continue;
                }
                words++;
                while (k < len && b->word[s[k]])
                    k++;
            }
            b->checksum += words;
        }
        break;
    case P_COUNT:
    default:
        break;
    }
    return bench_now_s() - t0;
}

/* Run the peer script; fills *mbps and returns true, or prints why it was skipped. */
static bool
peer(const char *corpus, unsigned reps, double *mbps, char *version, size_t version_len)
{
    char cmd[4096], line[512];
    FILE *f;
    bool ok = false;

    if (snprintf(cmd, sizeof cmd, "'%s' '%s' '%s' %u", PEER_SCRIPT, PEER_CACHE, corpus,
                 reps) >= (int)sizeof cmd ||
        strchr(corpus, '\'') != NULL) {
        printf("peer redact-pii: skipped (corpus path not usable in a shell command)\n");
        return false;
    }
    fflush(stdout);
    if ((f = popen(cmd, "r")) == NULL) {
        printf("peer redact-pii: skipped (cannot run %s)\n", PEER_SCRIPT);
        return false;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        char v[64];
        if (sscanf(line, "ok mbps=%lf version=%63s", mbps, v) == 2) {
            snprintf(version, version_len, "%s", v);
            ok = true;
        } else if (strncmp(line, "skipped", 7) == 0) {
            line[strcspn(line, "\n")] = '\0';
            printf("peer redact-pii: %s\n", line);
        }
    }
    if (pclose(f) != 0 && !ok)
        printf("peer redact-pii: skipped (%s failed)\n", PEER_SCRIPT);
    return ok;
}

int
main(int argc, char **argv)
{
    const char *path = NULL;
    unsigned reps = DEFAULT_R;
    bool with_peer = true;
    int only = -1;
    struct corpus cp;
    struct bench b;
    privpol_keyring *kr = NULL;
    privpol_ctx_options o = PRIVPOL_CTX_OPTIONS_INIT;
    double *times[P_COUNT], mbps[P_COUNT] = {0}, lo[P_COUNT] = {0}, hi[P_COUNT] = {0};
    double peer_mbps = 0;
    char peer_version[64] = "";
    size_t need = 0;

    bench_init("bench-scan", 2);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
            long r = strtol(argv[++i], NULL, 10);
            if (r < 1 || r > (long)MAX_R)
                bench_die("--reps must be 1 to 1001");
            reps = (unsigned)r;
        } else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
            i++;
            for (int p = 0; p < P_COUNT; p++)
                if (strcmp(argv[i], path_names[p]) == 0)
                    only = p;
            if (only < 0)
                bench_die("--only: unknown path");
            with_peer = false;
        } else if (strcmp(argv[i], "--no-peer") == 0) {
            with_peer = false;
        } else {
            path = corpus_arg(
                argv[i],
                "usage: bench-scan [--reps R] [--only PATH] [--no-peer] [CORPUS]");
        }
    }
    if (!corpus_open(&cp, &path))
        return 2;

    memset(&b, 0, sizeof b);
    b.cp = &cp;
    if (privpol_keyring_generate(0, NULL, &kr, NULL) != PRIVPOL_OK)
        bench_die("cannot generate a keyring");
    o.keyring = kr;
    if (privpol_ctx_new(&o, &b.ctx, NULL) != PRIVPOL_OK)
        bench_die("cannot create a context");
    privpol_keyring_free(kr);
    /* Room for every span of the whole corpus and for any redacted text. */
    b.spans_cap = 0;
    if (privpol_scan(b.ctx, cp.arena, cp.arena_len, NULL, &b.spans_cap, NULL) !=
            PRIVPOL_EBUFSIZE &&
        b.spans_cap != 0)
        bench_die("unexpected privpol_scan result");
    b.spans_cap += 16;
    for (size_t i = 0; i < cp.count; i++)
        if (cp.texts[i].len > need)
            need = cp.texts[i].len;
    b.out_cap = need * 16 + 4096;
    if ((b.spans = calloc(b.spans_cap, sizeof *b.spans)) == NULL ||
        (b.out = malloc(b.out_cap)) == NULL)
        bench_die("out of memory");
    b.text_bytes = cp.arena_len - cp.count;
    for (int c = 0; c < 256; c++)
        b.word[c] = (unsigned char)((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                                    (c >= 'a' && c <= 'z') || c >= 0x80);

    for (int p = 0; p < P_COUNT; p++) {
        if ((times[p] = calloc(reps, sizeof *times[p])) == NULL)
            bench_die("out of memory");
        if (only < 0 || only == p)
            run(&b, (enum path)p); /* warm-up */
    }
    for (unsigned r = 0; r < reps; r++)
        for (int p = 0; p < P_COUNT; p++)
            if (only < 0 || only == p)
                times[p][r] = run(&b, (enum path)p);
    for (int p = 0; p < P_COUNT; p++) {
        if (only >= 0 && only != p)
            continue;
        double bytes = (double)(p == P_SCAN_LINES ? cp.arena_len : b.text_bytes);
        double med = bench_median(times[p], reps);
        mbps[p] = bytes / med / 1e6;
        lo[p] = bytes / times[p][reps - 1] / 1e6;
        hi[p] = bytes / times[p][0] / 1e6;
    }

    printf("corpus: %s\n  %zu texts, %zu bytes of text (mean %.0f bytes), %u passes, "
           "median\n\n",
           path, cp.count, b.text_bytes, (double)b.text_bytes / (double)cp.count, reps);
    printf("%-15s %10s %21s\n", "path", "MB/s", "slowest-fastest");
    for (int p = 0; p < P_COUNT; p++)
        if (only < 0 || only == p)
            printf("%-15s %10.1f %10.1f-%-10.1f\n", path_names[p], mbps[p], lo[p], hi[p]);
    if (only < 0)
        printf("\nscan-texts / baseline-words: %.2f\n",
               mbps[P_SCAN_TEXTS] / mbps[P_WORDS]);
    if (only < 0 || only == P_SCAN_TEXTS)
        printf("target: scan-texts >= %.0f MB/s on one core: %s\n", TARGET_SCAN_MBPS,
               mbps[P_SCAN_TEXTS] >= TARGET_SCAN_MBPS ? "met" : "MISSED");

    if (!with_peer) {
        printf("peer redact-pii: skipped (--no-peer)\n");
    } else if (peer(path, reps, &peer_mbps, peer_version, sizeof peer_version)) {
        printf("peer redact-pii %s (node, SyncRedactor.redact per text): %.2f MB/s\n",
               peer_version, peer_mbps);
        printf("ratio privpol_redact (labels) / redact-pii: %.0fx; privpol_scan / "
               "redact-pii: %.0fx\n",
               mbps[P_REDACT_LABELS] / peer_mbps, mbps[P_SCAN_TEXTS] / peer_mbps);
    }
    printf("(checksum %llu)\n", b.checksum);

    for (int p = 0; p < P_COUNT; p++)
        free(times[p]);
    free(b.spans);
    free(b.out);
    privpol_ctx_free(b.ctx);
    corpus_free(&cp);
    return 0;
}
