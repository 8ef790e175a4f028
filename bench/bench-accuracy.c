/* SPDX-License-Identifier: MIT */
/* bench-accuracy: precision and recall of privpol_scan() on a labelled corpus.
 *
 * The corpus is JSON lines, one comment per line (tools/gen_events.py --labels):
 *   {"id": ..., "text": "...", "spans": [{"type": "phone", "bstart": 21, "bend": 35,
 *    ...}, ...], "decoys": [{"type": "date", "bstart": 27, "bend": 32, ...}, ...]}
 * bstart/bend are UTF-8 byte offsets into text. Decoys are look-alikes that are not
 * personal data (amounts, dates, order numbers...).
 *
 * For each corpus type it prints precision, recall and F1 twice: "exact" (a found span
 * is right when its byte range and its type are the label's) and "overlap" (it is right
 * when it overlaps a label of its type; each label counts once). Then the spans found
 * over decoys, per decoy type, and the targets: exact precision >= 0.99 and recall >=
 * 0.98 for ipv4, ipv6, email, credit_card and iban, >= 0.95 both for phone; person has
 * no target; no decoy flagged (a look-alike taken for an identifier is what redaction
 * must not do to dates, amounts and references). With --check the exit status is 1
 * when a target is missed (the meson test 'accuracy'). --errors N prints the first N
 * misses of each kind (the corpus is synthetic, so printing its values is harmless;
 * never run that on real data).
 *
 * Usage: bench-accuracy [--check] [--errors N] [CORPUS]
 * CORPUS defaults to $PRIVPOL_CORPUS, then to the copy in tests/data. */
#include "bench-util.h"
#include "corpus.h"

#include <privpol.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum type {
    T_EMAIL,
    T_PHONE,
    T_IPV4,
    T_IPV6,
    T_CARD,
    T_IBAN,
    T_PERSON,
    T_OTHER,
    T_COUNT
};

static const char *const type_names[T_COUNT] = {
    "email", "phone", "ipv4", "ipv6", "credit_card", "iban", "person", "other"};
/* Exact-match targets; negative: none. */
static const double target_p[T_COUNT] = {0.99, 0.95, 0.99, 0.99, 0.99, 0.99, -1, -1};
static const double target_r[T_COUNT] = {0.98, 0.95, 0.98, 0.98, 0.98, 0.98, -1, -1};

struct counts {
    size_t tp, fp, fn;     /* exact */
    size_t otp_found, ofp; /* overlap: found spans that overlap a label, others */
    size_t otp_label, ofn; /* overlap: labels overlapped by a found span, others */
};

struct stats {
    struct counts c[T_COUNT];
    int type_of[CORPUS_MAX_TYPES];        /* corpus type index -> enum type, or -1 */
    size_t decoy_total[CORPUS_MAX_TYPES]; /* by corpus type index */
    size_t decoy_hits[CORPUS_MAX_TYPES];
    long errors_left[3]; /* missed label, false span, wrong range */
};

/* ---- scoring ------------------------------------------------------------------------
 */

static int
found_type(const privpol_span *sp, const char *text)
{
    const char *id = privpol_category_id(sp->category);
    if (id == NULL)
        return T_OTHER;
    if (strcmp(id, "contact.email") == 0)
        return T_EMAIL;
    if (strcmp(id, "contact.phone") == 0 || strcmp(id, "terminal.msisdn") == 0)
        return T_PHONE;
    if (strcmp(id, "connection.ip_address") == 0)
        return memchr(text + sp->start, ':', sp->end - sp->start) != NULL ? T_IPV6
                                                                          : T_IPV4;
    if (strcmp(id, "financial.card_number") == 0)
        return T_CARD;
    if (strcmp(id, "financial.iban") == 0)
        return T_IBAN;
    if (strcmp(id, "identity.name") == 0)
        return T_PERSON;
    return T_OTHER;
}

static bool
overlaps(size_t a0, size_t a1, size_t b0, size_t b1)
{
    return a0 < b1 && b0 < a1;
}

static void
show(struct stats *st, int kind, const char *what, const char *text, size_t a, size_t b,
     const char *type)
{
    if (st->errors_left[kind] <= 0)
        return;
    st->errors_left[kind]--;
    /* the texts follow each other in the arena, one a line */
    printf("  %-13s %-11s \"%.*s\"  in: %.*s\n", what, type, (int)(b - a), text + a,
           (int)strcspn(text, "\n"), text);
}

static void
score(struct stats *st, const struct corpus *cp, size_t ti, const privpol_span *found,
      size_t nfound)
{
    const struct corpus_text *t = &cp->texts[ti];
    const char *text = cp->arena + t->off;
    const struct corpus_item *labels = cp->spans + t->first_span;
    const struct corpus_item *decoys = cp->decoys + t->first_decoy;
    bool decoy_hit[256] = {false};

    for (size_t f = 0; f < nfound; f++) {
        int ft = found_type(&found[f], text);
        bool exact = false, over = false;
        for (size_t g = 0; g < t->nspans; g++) {
            if (st->type_of[labels[g].type] != ft)
                continue;
            if (labels[g].start == found[f].start && labels[g].end == found[f].end)
                exact = true;
            if (overlaps(labels[g].start, labels[g].end, found[f].start, found[f].end))
                over = true;
        }
        if (exact) {
            st->c[ft].tp++;
        } else {
            st->c[ft].fp++;
            show(st, over ? 2 : 1, over ? "wrong range" : "false span", text,
                 found[f].start, found[f].end, type_names[ft]);
        }
        if (over)
            st->c[ft].otp_found++;
        else
            st->c[ft].ofp++;
        for (size_t d = 0; d < t->ndecoys && d < 256; d++) {
            if (!decoy_hit[d] &&
                overlaps(decoys[d].start, decoys[d].end, found[f].start, found[f].end)) {
                decoy_hit[d] = true;
                st->decoy_hits[decoys[d].type]++;
            }
        }
    }
    for (size_t g = 0; g < t->nspans; g++) {
        int lt = st->type_of[labels[g].type];
        bool exact = false, over = false;
        for (size_t f = 0; f < nfound; f++) {
            if (found_type(&found[f], text) != lt)
                continue;
            if (labels[g].start == found[f].start && labels[g].end == found[f].end)
                exact = true;
            if (overlaps(labels[g].start, labels[g].end, found[f].start, found[f].end))
                over = true;
        }
        if (!exact) {
            st->c[lt].fn++;
            if (!over)
                show(st, 0, "missed", text, labels[g].start, labels[g].end,
                     type_names[lt]);
        }
        if (over)
            st->c[lt].otp_label++;
        else
            st->c[lt].ofn++;
    }
    for (size_t d = 0; d < t->ndecoys; d++)
        st->decoy_total[decoys[d].type]++;
}

static double
ratio(size_t a, size_t b)
{
    return b == 0 ? 1.0 : (double)a / (double)b;
}

static double
f1(double p, double r)
{
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
}

static int
report(const struct stats *st, const struct corpus *cp)
{
    int missed = 0;
    size_t decoys_hit = 0;
    printf("corpus: %zu texts, %zu bytes of text\n\n", cp->count,
           cp->arena_len - cp->count);
    printf("%-12s %6s %6s %5s %5s | %6s %6s %6s | %6s %6s %6s\n", "type", "labels",
           "found", "FP", "FN", "P", "R", "F1", "P-ovl", "R-ovl", "F1-ovl");
    for (int t = 0; t < T_COUNT; t++) {
        const struct counts *c = &st->c[t];
        double p = ratio(c->tp, c->tp + c->fp), r = ratio(c->tp, c->tp + c->fn);
        double po = ratio(c->otp_found, c->otp_found + c->ofp);
        double ro = ratio(c->otp_label, c->otp_label + c->ofn);
        if (t == T_OTHER && c->fp == 0)
            continue;
        printf("%-12s %6zu %6zu %5zu %5zu | %6.4f %6.4f %6.4f | %6.4f %6.4f %6.4f\n",
               type_names[t], c->tp + c->fn, c->tp + c->fp, c->fp, c->fn, p, r, f1(p, r),
               po, ro, f1(po, ro));
    }
    printf("\ndecoys flagged (a found span overlaps the decoy):\n");
    for (size_t d = 0; d < cp->ntypes; d++) {
        if (st->decoy_total[d] > 0)
            printf("  %-12s %4zu of %5zu\n", cp->type_names[d], st->decoy_hits[d],
                   st->decoy_total[d]);
        decoys_hit += st->decoy_hits[d];
    }
    printf("\ntargets (exact spans):\n");
    for (int t = 0; t < T_COUNT; t++) {
        const struct counts *c = &st->c[t];
        double p = ratio(c->tp, c->tp + c->fp), r = ratio(c->tp, c->tp + c->fn);
        bool ok;
        if (target_p[t] < 0)
            continue;
        ok = p >= target_p[t] && r >= target_r[t];
        missed += !ok;
        printf("  %-12s P %.4f >= %.2f, R %.4f >= %.2f: %s\n", type_names[t], p,
               target_p[t], r, target_r[t], ok ? "met" : "MISSED");
    }
    printf("  %-12s no target (P %.4f, R %.4f)\n", "person",
           ratio(st->c[T_PERSON].tp, st->c[T_PERSON].tp + st->c[T_PERSON].fp),
           ratio(st->c[T_PERSON].tp, st->c[T_PERSON].tp + st->c[T_PERSON].fn));
    printf("  %-12s %zu flagged, none allowed: %s\n", "decoys", decoys_hit,
           decoys_hit == 0 ? "met" : "MISSED");
    return missed + (decoys_hit > 0);
}

int
main(int argc, char **argv)
{
    const char *path = NULL;
    bool check = false;
    long errors = 0;
    struct stats *st;
    struct corpus cp;
    privpol_ctx *ctx = NULL;
    privpol_span *found = NULL;
    size_t found_cap = 0;
    int missed;

    bench_init("bench-accuracy", 2);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--check") == 0) {
            check = true;
        } else if (strcmp(argv[i], "--errors") == 0 && i + 1 < argc) {
            errors = strtol(argv[++i], NULL, 10);
        } else {
            path = corpus_arg(argv[i],
                              "usage: bench-accuracy [--check] [--errors N] [CORPUS]");
        }
    }
    if (!corpus_open(&cp, &path))
        return 2;
    if ((st = calloc(1, sizeof *st)) == NULL ||
        privpol_ctx_new(NULL, &ctx, NULL) != PRIVPOL_OK)
        bench_die("cannot set up");
    for (size_t t = 0; t < CORPUS_MAX_TYPES; t++) {
        st->type_of[t] = -1;
        for (int k = 0; t < cp.ntypes && k < T_OTHER; k++)
            if (strcmp(cp.type_names[t], type_names[k]) == 0)
                st->type_of[t] = k;
    }
    for (size_t i = 0; i < cp.nspans; i++)
        if (st->type_of[cp.spans[i].type] < 0)
            bench_die("%s: unknown span type %s", path, cp.type_names[cp.spans[i].type]);
    for (int k = 0; k < 3; k++)
        st->errors_left[k] = errors;
    if (errors > 0)
        printf("misses (first %ld of each kind):\n", errors);

    for (size_t i = 0; i < cp.count; i++) {
        const struct corpus_text *t = &cp.texts[i];
        size_t nfound = found_cap;
        privpol_status rc = privpol_scan(ctx, cp.arena + t->off, t->len, found, &nfound, NULL);
        if (rc == PRIVPOL_EBUFSIZE) {
            free(found);
            if ((found = calloc(nfound, sizeof *found)) == NULL)
                bench_die("out of memory");
            found_cap = nfound;
            rc = privpol_scan(ctx, cp.arena + t->off, t->len, found, &nfound, NULL);
        }
        if (rc != PRIVPOL_OK)
            bench_die("privpol_scan failed on text %zu: %s", i + 1, privpol_strerror(rc));
        score(st, &cp, i, found, nfound);
    }
    if (errors > 0)
        printf("\n");
    missed = report(st, &cp);
    if (cp.skipped > 0) {
        fprintf(stderr, "bench-accuracy: %zu malformed lines in %s\n", cp.skipped, path);
        missed++;
    }
    free(found);
    free(st);
    corpus_free(&cp);
    privpol_ctx_free(ctx);
    if (check && missed > 0) {
        fprintf(stderr, "bench-accuracy: %d target(s) missed\n", missed);
        return 1;
    }
    return 0;
}
