/* SPDX-License-Identifier: MIT */
/* privpol scrub: the thread pool and the scrubbing of each line (scrub.h). */
#include "scrub.h"

#include <inttypes.h>

void
scrub_batch_fail(struct batch *b, privpol_status st, const char *what, const char *detail)
{
    if (b->fatal != PRIVPOL_OK)
        return;
    b->fatal = st;
    snprintf(b->fatal_msg, sizeof b->fatal_msg, "%s%s%s", what, detail ? ": " : "",
             detail ? detail : "");
}

/* Seal one part of a rejected line and append its reject record to @p dst. */
bool
scrub_put_reject(const struct scrub *S, struct buf *dst, struct batch *b, uint64_t line,
                 uint64_t part, bool final, const char *reason, size_t column,
                 const char *data, size_t len)
{
    privpol_record_reject r = PRIVPOL_RECORD_REJECT_INIT;
    privpol_error err;
    privpol_status st;

    r.line = line;
    r.part = part;
    r.final = final;
    r.reason = reason;
    r.column = column;
    for (;;) {
        size_t room = dst->cap - dst->len;
        err.message[0] = '\0';
        st = privpol_record_reject_write(S->ctx, S->seal_at, &r, data, len,
                                         dst->p != NULL ? dst->p + dst->len : NULL, &room,
                                         &err);
        if (st == PRIVPOL_OK) {
            dst->len += room;
            return true;
        }
        if (st != PRIVPOL_EBUFSIZE) {
            scrub_batch_fail(b, st, "cannot seal a rejected line",
                             err.message[0] != '\0' ? err.message : privpol_strerror(st));
            return false;
        }
        if (room > SIZE_MAX - dst->len || !buf_reserve(dst, dst->len + room)) {
            scrub_batch_fail(b, PRIVPOL_ENOMEM, "out of memory", NULL);
            return false;
        }
    }
}

/* Reject a whole line held in memory: one part, or parts of --max-line bytes. */
static void
reject_line(const struct scrub *S, struct worker *w, struct batch *b, uint64_t number,
            const char *reason, size_t column, const char *p, size_t len)
{
    size_t step = len > S->max_line ? S->max_line : (len > 0 ? len : 1);
    uint64_t part = 1;
    size_t off = 0;
    do {
        size_t n = len - off < step ? len - off : step;
        bool final = off + n >= len;
        if (!scrub_put_reject(S, &b->rej, b, number, part++, final, reason,
                              column, p + off, n))
            return;
        off += n;
    } while (off < len);
    b->st.rejected++;
}

static bool
blank(const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
            return false;
    return true;
}

static void
scrub_line(const struct scrub *S, struct worker *w, struct batch *b, uint64_t number,
           const char *p, size_t len)
{
    char reason[64];
    const char *out = NULL;
    size_t out_len = 0, n = len;
    privpol_record_summary sum = PRIVPOL_RECORD_SUMMARY_INIT;
    privpol_error err;
    privpol_status st;

    if (len > S->max_line) {
        snprintf(reason, sizeof reason, "line longer than %zu bytes", S->max_line);
        reject_line(S, w, b, number, reason, 0, p, len);
        return;
    }
    if (blank(p, len)) {
        reject_line(S, w, b, number, "empty line", 0, p, len);
        return;
    }
    err.message[0] = '\0';
    err.column = 0;
    if (S->accesslog) {
        if (p[n - 1] == '\r')
            n--;
        st = privpol_record_scrub_accesslog(w->rec, &S->tag, p, n, &out, &out_len, &err);
    } else {
        st = privpol_record_scrub_json(w->rec, &S->tag, p, n, &out, &out_len, &err);
    }
    if (st != PRIVPOL_OK) {
        reject_line(S, w, b, number,
                    err.message[0] != '\0' ? err.message : privpol_strerror(st),
                    st == PRIVPOL_EPARSE ? err.column : 0, p, len);
        return;
    }
    if (!buf_put(&b->out, out, out_len) || !buf_put(&b->out, "\n", 1)) {
        scrub_batch_fail(b, PRIVPOL_ENOMEM, "out of memory", NULL);
        return;
    }
    b->st.output++;
    /* An access-log line has no retain-until to count; its summary is read for --stats
     * only (computing a retain-until costs as much as the rest of a short line). */
    if ((!S->accesslog || S->stats) &&
        privpol_record_get_summary(w->rec, &sum, NULL) == PRIVPOL_OK) {
        if (sum.retention_status == PRIVPOL_ETERMS && !S->accesslog)
            b->st.no_terms++;
        if ((unsigned)sum.identifiability < N_LEVELS)
            b->st.levels[sum.identifiability]++;
    }
    if (S->stats) {
        size_t count = privpol_record_field_count(w->rec);
        privpol_record_field f = PRIVPOL_RECORD_FIELD_INIT;
        for (size_t i = 0; i < count; i++) {
            if (privpol_record_get_field(w->rec, i, &f, NULL) != PRIVPOL_OK)
                continue;
            if (f.category >= 0 && (size_t)f.category < N_CATEGORIES)
                b->st.fields[f.category]++;
            if ((unsigned)f.action < N_ACTIONS)
                b->st.actions[f.action]++;
        }
    }
}

static void
scrub_process_batch(const struct scrub *S, struct worker *w, struct batch *b)
{
    b->out.len = 0;
    b->rej.len = 0;
    memset(&b->st, 0, sizeof b->st);
    b->fatal = PRIVPOL_OK;
    for (size_t i = 0; i < b->nlines && b->fatal == PRIVPOL_OK; i++)
        scrub_line(S, w, b, b->first_line + i, b->in.p + b->lines[i].off, b->lines[i].len);
}

static void *
worker_main(void *arg)
{
    struct worker *w = arg;
    struct scrub *S = w->S;
    pthread_mutex_lock(&S->mu);
    for (;;) {
        while (S->taken == S->dispatched && !S->quit)
            pthread_cond_wait(&S->work_cv, &S->mu);
        if (S->taken == S->dispatched)
            break;
        struct slot *slot = &S->ring[S->taken++ % S->nslots];
        struct batch *b = slot->b;
        pthread_mutex_unlock(&S->mu);
        scrub_process_batch(S, w, b);
        pthread_mutex_lock(&S->mu);
        slot->state = SLOT_DONE;
        pthread_cond_broadcast(&S->done_cv);
    }
    pthread_mutex_unlock(&S->mu);
    return NULL;
}

/* Hand the fill batch's lines over (or scrub them here with -j 1). */
void
scrub_dispatch(struct scrub *S, size_t tail)
{
    struct batch *f = S->fill;
    size_t rest = f->in.len - tail;

    if (S->jobs == 1) {
        scrub_process_batch(S, &S->workers[0], f);
        scrub_write_batch(S, f);
        memmove(f->in.p, f->in.p + tail, rest);
        f->in.len = rest;
        return;
    }
    while (S->dispatched - S->written >= S->nslots)
        scrub_write_oldest(S);
    if (S->rc != EXIT_OK)
        return;
    struct slot *slot = &S->ring[S->dispatched % S->nslots];
    S->fill = slot->b;
    slot->b = f;
    S->fill->in.len = 0;
    if (!buf_put(&S->fill->in, f->in.p + tail, rest)) {
        scrub_fail(S, EXIT_IOERR, "%s", "out of memory");
        return;
    }
    pthread_mutex_lock(&S->mu);
    slot->state = SLOT_READY;
    S->dispatched++;
    pthread_cond_signal(&S->work_cv);
    pthread_mutex_unlock(&S->mu);
}

int
scrub_start_workers(struct scrub *S)
{
    privpol_error err;
    privpol_status st;

    S->workers = calloc((size_t)S->jobs, sizeof *S->workers);
    S->nslots = S->jobs > 1 ? 2 * (size_t)S->jobs : 0;
    S->ring = S->nslots > 0 ? calloc(S->nslots, sizeof *S->ring) : NULL;
    S->fill = calloc(1, sizeof *S->fill);
    if (S->workers == NULL || S->fill == NULL || (S->nslots > 0 && S->ring == NULL)) {
        cli_error(CMD, "out of memory");
        return EXIT_IOERR;
    }
    for (size_t i = 0; i < S->nslots; i++) {
        if ((S->ring[i].b = calloc(1, sizeof *S->ring[i].b)) == NULL) {
            cli_error(CMD, "out of memory");
            return EXIT_IOERR;
        }
        S->ring[i].state = SLOT_FREE;
    }
    for (long i = 0; i < S->jobs; i++) {
        S->workers[i].S = S;
        if ((st = privpol_record_new(S->ctx, &S->workers[i].rec, &err)) != PRIVPOL_OK) {
            cli_error(CMD, "%s", err.message);
            return st == PRIVPOL_ENOMEM ? EXIT_IOERR : cli_exit_for(st);
        }
    }
    for (long i = 0; S->jobs > 1 && i < S->jobs; i++) {
        if (pthread_create(&S->workers[i].thread, NULL, worker_main, &S->workers[i]) != 0) {
            cli_error(CMD, "cannot start a thread");
            return EXIT_IOERR;
        }
        S->workers[i].started = true;
    }
    return EXIT_OK;
}

static void
batch_free(struct batch *b)
{
    if (b == NULL)
        return;
    free(b->in.p);
    free(b->out.p);
    free(b->rej.p);
    free(b->lines);
    free(b);
}

void
scrub_stop_workers(struct scrub *S)
{
    pthread_mutex_lock(&S->mu);
    S->quit = true;
    pthread_cond_broadcast(&S->work_cv);
    pthread_mutex_unlock(&S->mu);
    for (long i = 0; S->workers != NULL && i < S->jobs; i++) {
        if (S->workers[i].started)
            pthread_join(S->workers[i].thread, NULL);
        privpol_record_free(S->workers[i].rec);
    }
    free(S->workers);
    S->workers = NULL;
    for (size_t i = 0; S->ring != NULL && i < S->nslots; i++)
        batch_free(S->ring[i].b);
    free(S->ring);
    S->ring = NULL;
    batch_free(S->fill);
    S->fill = NULL;
}
