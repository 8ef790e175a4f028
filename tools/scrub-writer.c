/* SPDX-License-Identifier: MIT */
/* privpol scrub: the output in input order, reject records, progress and statistics
 * (scrub.h). */
#include "scrub.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <unistd.h>

double
scrub_seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void
stats_add(struct stats *to, const struct stats *from)
{
    to->output += from->output;
    to->rejected += from->rejected;
    to->no_terms += from->no_terms;
    for (size_t i = 0; i < N_CATEGORIES; i++)
        to->fields[i] += from->fields[i];
    for (size_t i = 0; i < N_ACTIONS; i++)
        to->actions[i] += from->actions[i];
    for (size_t i = 0; i < N_LEVELS; i++)
        to->levels[i] += from->levels[i];
}

bool
scrub_write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += k;
        n -= (size_t)k;
    }
    return true;
}

/* Record the first fatal error and print it. */
void
scrub_fail(struct scrub *S, int rc, const char *fmt, ...)
{
    va_list ap;
    if (S->rc != EXIT_OK)
        return;
    if (S->progress_shown) {
        fputc('\n', stderr);
        S->progress_shown = false;
    }
    fprintf(stderr, "privpol %s: ", CMD);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    S->rc = rc;
}

void
scrub_fail_batch(struct scrub *S, const struct batch *b)
{
    scrub_fail(S, b->fatal == PRIVPOL_ENOMEM ? EXIT_IOERR : cli_exit_for(b->fatal), "%s",
               b->fatal_msg);
}

void
scrub_progress(struct scrub *S)
{
    char text[128];
    double t, mb;
    int n;
    if (!S->tty || scrub_seconds_since(&S->last_progress) < 0.25)
        return;
    t = scrub_seconds_since(&S->t0);
    if (t < 1.0)
        return;
    clock_gettime(CLOCK_MONOTONIC, &S->last_progress);
    mb = (double)S->bytes_in / 1e6;
    n = snprintf(text, sizeof text, "\rrecords %" PRIu64 ", %.1f MB, %.1f MB/s ",
                 S->lines_done, mb, mb / t);
    if (n > 0 && scrub_write_all(STDERR_FILENO, text, (size_t)n))
        S->progress_shown = true;
}

/* Write a finished batch: its output, then its reject records. */
void
scrub_write_batch(struct scrub *S, struct batch *b)
{
    if (S->rc != EXIT_OK)
        return;
    if (b->fatal != PRIVPOL_OK) {
        scrub_fail_batch(S, b);
        return;
    }
    if (!scrub_write_all(S->out_fd, b->out.p, b->out.len)) {
        scrub_fail(S, EXIT_IOERR, "cannot write %s", S->out_name);
        return;
    }
    if (b->rej.len > 0 && S->progress_shown && S->rej_fd == STDERR_FILENO) {
        fputc('\n', stderr);
        S->progress_shown = false;
    }
    if (!scrub_write_all(S->rej_fd, b->rej.p, b->rej.len)) {
        scrub_fail(S, EXIT_IOERR, "cannot write %s", S->rej_name);
        return;
    }
    stats_add(&S->total, &b->st);
    S->lines_done += b->nlines;
    if (b->st.no_terms > 0 && !S->warned_terms) {
        S->warned_terms = true;
        if (S->progress_shown) {
            fputc('\n', stderr);
            S->progress_shown = false;
        }
        cli_error(CMD, "warning: no contract terms (--contract-period and --contract-end, "
                       "or a --supplement with a contract): records get "
                       "\"retain_until\": null (counted as no_terms by --stats)");
    }
    scrub_progress(S);
}

/* Wait for the oldest batch in flight and write it. */
void
scrub_write_oldest(struct scrub *S)
{
    struct slot *slot = &S->ring[S->written % S->nslots];
    pthread_mutex_lock(&S->mu);
    while (slot->state != SLOT_DONE)
        pthread_cond_wait(&S->done_cv, &S->mu);
    pthread_mutex_unlock(&S->mu);
    scrub_write_batch(S, slot->b);
    pthread_mutex_lock(&S->mu);
    slot->state = SLOT_FREE;
    pthread_mutex_unlock(&S->mu);
    S->written++;
}

void
scrub_drain(struct scrub *S)
{
    while (S->jobs > 1 && S->written < S->dispatched)
        scrub_write_oldest(S);
}

void
scrub_stats_print(const struct scrub *S, double elapsed)
{
    static const char *const actions[N_ACTIONS] = {"keep", "generalize", "pseudonymize",
                                                   "redact", "drop"};
    const struct stats *t = &S->total;
    const char *sep = "";
    double mb = (double)S->bytes_in / 1e6;

    if (S->progress_shown)
        fputc('\n', stderr);
    fprintf(stderr,
            "{\"records\":%" PRIu64 ",\"output\":%" PRIu64 ",\"rejected\":%" PRIu64
            ",\"no_terms\":%" PRIu64 ",\"fields\":{",
            S->lines_done, t->output, t->rejected, t->no_terms);
    for (size_t i = 0; i < N_CATEGORIES && i < privpol_category_count(); i++) {
        if (t->fields[i] == 0)
            continue;
        fputs(sep, stderr);
        cli_json_fputs(stderr, privpol_category_id(i));
        fprintf(stderr, ":%" PRIu64, t->fields[i]);
        sep = ",";
    }
    fputs("},\"actions\":{", stderr);
    for (size_t i = 0; i < N_ACTIONS; i++)
        fprintf(stderr, "%s\"%s\":%" PRIu64, i ? "," : "", actions[i], t->actions[i]);
    fputs("},\"identifiability\":{", stderr);
    for (size_t i = 0; i < N_LEVELS; i++)
        fprintf(stderr, "%s\"%s\":%" PRIu64, i ? "," : "",
                privpol_identifiability_name((privpol_identifiability)i), t->levels[i]);
    fprintf(stderr, "},\"bytes_in\":%" PRIu64 ",\"elapsed_s\":%.3f,\"mb_per_s\":%.1f}\n",
            S->bytes_in, elapsed, elapsed > 0 ? mb / elapsed : 0.0);
}
