/* SPDX-License-Identifier: MIT */
/* privpol scrub, private to its files: the batches, the workers' ring and the state they
 * share. cmd-scrub.c: options, files and the main flow; scrub-reader.c: reading the
 * inputs and splitting them into lines and batches; scrub-workers.c: the thread pool and
 * the scrubbing of each line; scrub-writer.c: the output in input order, reject records
 * and statistics.
 *
 * The main thread reads the input in batches of whole lines (about BATCH_BYTES each),
 * hands them to the workers through a ring of 2N slots, and writes each finished batch
 * (output, then reject records) in the order read. With -j 1 it scrubs the batch
 * itself. A line longer than --max-line is never held whole: once every earlier batch is
 * written, the main thread seals it part by part as it reads it. */
#ifndef PRIVPOL_TOOLS_SCRUB_H
#define PRIVPOL_TOOLS_SCRUB_H

#include "cli.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CMD "scrub"
#define BATCH_BYTES ((size_t)512 * 1024) /* bytes read per batch */
#define BATCH_LINES 8192U                /* most lines per batch */
#define N_ACTIONS 5U
#define N_LEVELS 3U
#define N_CATEGORIES 64U /* privpol_record_summary::categories is a 64-bit set */

/* ---- growable byte buffer (inline: on the hot path) --------------------------------- */

struct buf {
    char *p;
    size_t len, cap;
};

static inline bool
buf_reserve(struct buf *b, size_t want)
{
    size_t cap;
    char *p;
    if (want <= b->cap)
        return true;
    cap = b->cap < 4096 ? 4096 : b->cap;
    while (cap < want)
        cap = cap > SIZE_MAX / 2 ? want : cap * 2;
    if ((p = realloc(b->p, cap)) == NULL)
        return false;
    b->p = p;
    b->cap = cap;
    return true;
}

static inline bool
buf_put(struct buf *b, const char *s, size_t n)
{
    if (n > SIZE_MAX - b->len - 1 || !buf_reserve(b, b->len + n + 1))
        return false;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    return true;
}

/* ---- counters ----------------------------------------------------------------------- */

struct stats {
    uint64_t output, rejected, no_terms;
    uint64_t fields[N_CATEGORIES];
    uint64_t actions[N_ACTIONS];
    uint64_t levels[N_LEVELS];
};

/* ---- batches, workers, the ring ----------------------------------------------------- */

struct line {
    size_t off, len; /* len without the line feed */
};

struct batch {
    struct buf in;       /* the input bytes: whole lines, then possibly a partial one */
    struct line *lines;  /* the whole lines */
    size_t nlines, lines_cap;
    uint64_t first_line; /* number of lines[0] */
    struct buf out;      /* scrubbed lines */
    struct buf rej;      /* reject records */
    struct stats st;     /* of this batch */
    privpol_status fatal; /* not OK: stop (message in fatal_msg) */
    char fatal_msg[200];
};

enum { SLOT_FREE, SLOT_READY, SLOT_DONE };

struct slot {
    struct batch *b;
    int state;
};

struct scrub;

struct worker {
    struct scrub *S;
    pthread_t thread;
    bool started;
    privpol_record *rec;
};

struct scrub {
    const privpol_ctx *ctx;
    privpol_record_request tag;
    bool accesslog, stats;
    size_t max_line;
    int64_t seal_at;
    int out_fd, rej_fd;
    const char *out_name, *rej_name;

    /* input: the files, one after the other; a file's last line without a line feed
     * gets one */
    int *fds;
    const char **names;
    size_t nfiles, file;
    bool last_lf, eof;
    uint64_t bytes_in;

    /* workers and the ring (jobs > 1) */
    long jobs;
    struct worker *workers;
    struct slot *ring;
    size_t nslots;
    uint64_t dispatched, taken, written;
    bool quit;
    pthread_mutex_t mu;
    pthread_cond_t work_cv, done_cv;

    /* main thread */
    struct batch *fill;
    struct stats total;
    uint64_t lines_done;
    bool warned_terms;
    struct timespec t0, last_progress;
    bool tty, progress_shown;
    int rc; /* first fatal exit code, EXIT_OK while none */
};

/* ---- between the files --------------------------------------------------------------- */

/* scrub-reader.c: read, split and hand over every line of the inputs. */
void scrub_run(struct scrub *S);

/* scrub-workers.c */
int scrub_start_workers(struct scrub *S);
void scrub_stop_workers(struct scrub *S);
/* Hand the fill batch's lines over (or scrub them here with -j 1); the bytes from
 * @p tail on start the next fill batch. */
void scrub_dispatch(struct scrub *S, size_t tail);
void scrub_batch_fail(struct batch *b, privpol_status st, const char *what,
                      const char *detail);
bool scrub_put_reject(const struct scrub *S, struct buf *dst, struct batch *b, uint64_t line,
                      uint64_t part, bool final, const char *reason, size_t column,
                      const char *data, size_t len);

/* scrub-writer.c */
bool scrub_write_all(int fd, const char *p, size_t n);
void scrub_fail(struct scrub *S, int rc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* scrub_fail() with the error a batch recorded. */
void scrub_fail_batch(struct scrub *S, const struct batch *b);
void scrub_progress(struct scrub *S);
void scrub_write_batch(struct scrub *S, struct batch *b);
void scrub_write_oldest(struct scrub *S);
void scrub_drain(struct scrub *S);
double scrub_seconds_since(const struct timespec *t0);
void scrub_stats_print(const struct scrub *S, double elapsed);

#endif /* PRIVPOL_TOOLS_SCRUB_H */
