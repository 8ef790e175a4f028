/* SPDX-License-Identifier: MIT */
/* privpol scrub: JSON lines (or web-server access-log lines) through the record pipeline,
 * streamed in bounded memory, with N worker threads and the output in input order. A
 * line that cannot be processed is sealed into a reject record (privpol/seal.h) and
 * never written in clear.
 *
 * The main thread reads the input in batches of whole lines (about BATCH_BYTES each),
 * hands them to the workers through a ring of 2N slots, and writes each finished batch
 * (output, then reject records) in the order read. With -j 1 it scrubs the batch
 * itself. A line longer than --max-line is never held whole: once every earlier batch is
 * written, the main thread seals it part by part as it reads it. */
#include "cli.h"

#include <privpol/seal.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char help[] =
    "usage: privpol scrub -k KEYFILE (-t TENANT | --tenant-field NAME [--tenants LIST])\n"
    "         [--role R] [--purpose P] [--policy FILE] [--supplement FILE]\n"
    "         [--contract-period DURATION] [--contract-end TIME] [--time-field NAME]\n"
    "         [--rejects FILE] [--stats] [-j N] [--format jsonl|accesslog]\n"
    "         [--max-line BYTES] [-o OUT] [IN...]\n\n"
    "Scrub a stream of events: each JSON line of the inputs (or standard input) is\n"
    "classified field by field, decided and transformed under the policy (keyed\n"
    "pseudonyms, generalization, redaction, geolocation dropped), and written as one\n"
    "compact JSON line with a \"_privpol\" object: identifiability, retain_until,\n"
    "categories, policy. Keys holding identifiers, identifiers inside kept values and\n"
    "URLs (every part) are transformed too: nothing the policy does not keep stays in\n"
    "clear. With --format accesslog, every field of each Apache/nginx common or\n"
    "combined log line (with trailing fields such as X-Forwarded-For) goes through the\n"
    "same pipeline: client address, ident, user, request URL, referer, user agent.\n"
    "Output lines keep the input order, with or without -j.\n\n"
    "Nothing is lost, nothing leaks: a line that cannot be processed (not JSON, bad\n"
    "UTF-8, a NUL byte, too deep, empty or blank, longer than --max-line) is written to\n"
    "the rejects file as {\"line\":N,\"part\":I,\"final\":B,\"reason\":...,\"sealed\":\"ps1...\"}:\n"
    "its bytes sealed under the key file, never in clear (privpol unseal opens them).\n"
    "A line longer than --max-line is sealed in parts of at most that size. Line\n"
    "numbers count from 1 across all inputs; input lines = output lines + rejected\n"
    "lines, always.\n\n"
    "  -k, --key FILE            key file (mode 0600; see privpol keygen)\n"
    "  -t, --tenant ID           tenant (customer) the data belongs to; the fallback\n"
    "                            of --tenant-field\n"
    "      --tenant-field NAME   top-level field giving each record's tenant; it must\n"
    "                            name a known tenant (--tenants, or the supplement's),\n"
    "                            else the line is rejected\n"
    "      --tenants LIST        the tenant ids --tenant-field may name, comma-separated\n"
    "  -r, --role R              processor (default) or controller\n"
    "  -p, --purpose P           purpose id of the role (default: the role's own,\n"
    "                            interaction_digitization for the processor)\n"
    "  -P, --policy FILE         the policy (default: the embedded default)\n"
    "  -s, --supplement FILE     a tenant's supplement layered on it (contract terms)\n"
    "      --contract-period DUR the tenant's contract period (ISO 8601, e.g. P13M)\n"
    "      --contract-end TIME   the end of the tenant's contract\n"
    "      --time-field NAME     field holding the event time (default: the policy's,\n"
    "                            such as ts); else the time of processing\n"
    "      --rejects FILE        reject records to FILE (created with mode 0600);\n"
    "                            default: standard error\n"
    "      --stats               a JSON summary on standard error at the end (and a\n"
    "                            progress line while it runs, when that is a terminal)\n"
    "  -j, --jobs N              worker threads (1 to 64; default 1)\n"
    "  -f, --format F            jsonl (default) or accesslog\n"
    "      --max-line BYTES      longest line processed (default 1048576)\n"
    "  -o, --output FILE         output file (default: standard output)\n"
    "  -h, --help                this text\n\n"
    "Without contract terms (--contract-period, or a --supplement with a contract),\n"
    "records get \"retain_until\": null, a warning is printed once and --stats counts\n"
    "them as no_terms.\n\n"
    "Exit status: 0 every line scrubbed; 65 some line rejected (after processing all);\n"
    "64 usage; 66 an input cannot be read; 73 an output cannot be created; 74 read or\n"
    "write error; 77 key file permissions; 78 bad key file or policy.\n";

#define CMD "scrub"
#define BATCH_BYTES ((size_t)512 * 1024) /* bytes read per batch */
#define BATCH_LINES 8192U                /* most lines per batch */
#define DEFAULT_MAX_LINE ((size_t)1 << 20)
#define MAX_MAX_LINE ((size_t)1 << 30)
#define MAX_JOBS 64L
#define N_ACTIONS 5U
#define N_LEVELS 3U
#define N_CATEGORIES 64U /* privpol_record_summary::categories is a 64-bit set */

/* ---- growable byte buffer ----------------------------------------------------------- */

struct buf {
    char *p;
    size_t len, cap;
};

static bool
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

static bool
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
    struct buf seal; /* sealed text of a reject */
};

struct scrub {
    const privpol_ctx *ctx;
    privpol_tag tag;
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

static double
seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void
batch_fail(struct batch *b, privpol_status st, const char *what, const char *detail)
{
    if (b->fatal != PRIVPOL_OK)
        return;
    b->fatal = st;
    snprintf(b->fatal_msg, sizeof b->fatal_msg, "%s%s%s", what, detail ? ": " : "",
             detail ? detail : "");
}

/* Append the JSON string of a message (never input bytes) to a buffer. */
static bool
put_json_text(struct buf *b, const char *s)
{
    char esc[8];
    bool ok = buf_put(b, "\"", 1);
    for (; ok && *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            ok = buf_put(b, esc, 2);
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            ok = buf_put(b, esc, 6);
        } else {
            ok = buf_put(b, (const char *)&c, 1);
        }
    }
    return ok && buf_put(b, "\"", 1);
}

/* Seal one part of a rejected line and append its reject record to @p dst. */
static bool
put_reject(const struct scrub *S, struct buf *dst, struct buf *seal, struct batch *b,
           uint64_t line, uint64_t part, bool final, const char *reason, size_t column,
           const char *data, size_t len)
{
    char ad[PRIVPOL_REJECT_AD_SIZE], head[128];
    size_t ad_len, need, cap;
    privpol_error err;
    privpol_status st;
    int n;

    ad_len = privpol_reject_ad(ad, sizeof ad, line, part, final);
    need = privpol_sealed_len(len);
    if (ad_len == 0 || need == 0 || need == SIZE_MAX) {
        batch_fail(b, PRIVPOL_ELIMIT, "cannot seal a rejected line", "too long");
        return false;
    }
    if (!buf_reserve(seal, need + 1)) {
        batch_fail(b, PRIVPOL_ENOMEM, "out of memory", NULL);
        return false;
    }
    cap = seal->cap;
    err.message[0] = '\0';
    st = privpol_seal(S->ctx, S->seal_at, ad, ad_len, len > 0 ? data : NULL, len, seal->p,
                      &cap, &err);
    if (st != PRIVPOL_OK) {
        batch_fail(b, st, "cannot seal a rejected line",
                   err.message[0] != '\0' ? err.message : privpol_strerror(st));
        return false;
    }
    n = snprintf(head, sizeof head, "{\"line\":%" PRIu64 ",\"part\":%" PRIu64
                                    ",\"final\":%s,\"reason\":",
                 line, part, final ? "true" : "false");
    if (!buf_put(dst, head, (size_t)n) || !put_json_text(dst, reason))
        goto nomem;
    if (column > 0) {
        n = snprintf(head, sizeof head, ",\"column\":%zu", column);
        if (!buf_put(dst, head, (size_t)n))
            goto nomem;
    }
    if (!buf_put(dst, ",\"sealed\":\"", 11) || !buf_put(dst, seal->p, cap) ||
        !buf_put(dst, "\"}\n", 3))
        goto nomem;
    return true;
nomem:
    batch_fail(b, PRIVPOL_ENOMEM, "out of memory", NULL);
    return false;
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
        if (!put_reject(S, &b->rej, &w->seal, b, number, part++, final, reason, column,
                        p + off, n))
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
    privpol_record_summary sum;
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
        batch_fail(b, PRIVPOL_ENOMEM, "out of memory", NULL);
        return;
    }
    b->st.output++;
    /* An access-log line has no retain-until to count; its summary is read for --stats
     * only (computing a retain-until costs as much as the rest of a short line). */
    if ((!S->accesslog || S->stats) && privpol_record_summary_get(w->rec, &sum) == PRIVPOL_OK) {
        if (sum.retention_status == PRIVPOL_ETERMS && !S->accesslog)
            b->st.no_terms++;
        if ((unsigned)sum.identifiability < N_LEVELS)
            b->st.levels[sum.identifiability]++;
    }
    if (S->stats) {
        size_t count = privpol_record_field_count(w->rec);
        privpol_field_result f;
        for (size_t i = 0; i < count; i++) {
            if (privpol_record_field(w->rec, i, &f) != PRIVPOL_OK)
                continue;
            if (f.category < N_CATEGORIES)
                b->st.fields[f.category]++;
            if ((unsigned)f.action < N_ACTIONS)
                b->st.actions[f.action]++;
        }
    }
}

static void
process_batch(const struct scrub *S, struct worker *w, struct batch *b)
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
        process_batch(S, w, b);
        pthread_mutex_lock(&S->mu);
        slot->state = SLOT_DONE;
        pthread_cond_broadcast(&S->done_cv);
    }
    pthread_mutex_unlock(&S->mu);
    return NULL;
}

/* ---- output ------------------------------------------------------------------------- */

static bool
write_all(int fd, const char *p, size_t n)
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

static void fail(struct scrub *S, int rc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Record the first fatal error and print it. */
static void
fail(struct scrub *S, int rc, const char *fmt, ...)
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

static void
progress(struct scrub *S)
{
    char text[128];
    double t, mb;
    int n;
    if (!S->tty || seconds_since(&S->last_progress) < 0.25)
        return;
    t = seconds_since(&S->t0);
    if (t < 1.0)
        return;
    clock_gettime(CLOCK_MONOTONIC, &S->last_progress);
    mb = (double)S->bytes_in / 1e6;
    n = snprintf(text, sizeof text, "\rrecords %" PRIu64 ", %.1f MB, %.1f MB/s ",
                 S->lines_done, mb, mb / t);
    if (n > 0 && write_all(STDERR_FILENO, text, (size_t)n))
        S->progress_shown = true;
}

/* Write a finished batch: its output, then its reject records. */
static void
write_batch(struct scrub *S, struct batch *b)
{
    if (S->rc != EXIT_OK)
        return;
    if (b->fatal != PRIVPOL_OK) {
        fail(S, b->fatal == PRIVPOL_ENOMEM ? EXIT_IOERR : cli_exit_for(b->fatal), "%s",
             b->fatal_msg);
        return;
    }
    if (!write_all(S->out_fd, b->out.p, b->out.len)) {
        fail(S, EXIT_IOERR, "cannot write %s", S->out_name);
        return;
    }
    if (b->rej.len > 0 && S->progress_shown && S->rej_fd == STDERR_FILENO) {
        fputc('\n', stderr);
        S->progress_shown = false;
    }
    if (!write_all(S->rej_fd, b->rej.p, b->rej.len)) {
        fail(S, EXIT_IOERR, "cannot write %s", S->rej_name);
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
    progress(S);
}

/* Wait for the oldest batch in flight and write it. */
static void
write_oldest(struct scrub *S)
{
    struct slot *slot = &S->ring[S->written % S->nslots];
    pthread_mutex_lock(&S->mu);
    while (slot->state != SLOT_DONE)
        pthread_cond_wait(&S->done_cv, &S->mu);
    pthread_mutex_unlock(&S->mu);
    write_batch(S, slot->b);
    pthread_mutex_lock(&S->mu);
    slot->state = SLOT_FREE;
    pthread_mutex_unlock(&S->mu);
    S->written++;
}

static void
drain(struct scrub *S)
{
    while (S->jobs > 1 && S->written < S->dispatched)
        write_oldest(S);
}

/* ---- input -------------------------------------------------------------------------- */

/* Read up to @p cap bytes of the inputs; 0 at the end of the last one, -1 on error. */
static ssize_t
source_read(struct scrub *S, char *p, size_t cap)
{
    while (S->file < S->nfiles) {
        ssize_t n = read(S->fds[S->file], p, cap);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fail(S, EXIT_IOERR, "cannot read %s", S->names[S->file]);
            return -1;
        }
        if (n > 0) {
            S->bytes_in += (uint64_t)n;
            S->last_lf = p[n - 1] == '\n';
            return n;
        }
        S->file++;
        if (!S->last_lf) { /* the file's last line had no line feed: it is a line */
            S->last_lf = true;
            p[0] = '\n';
            return 1;
        }
    }
    return 0;
}

/* Can the current input be read without waiting? */
static bool
input_ready(const struct scrub *S)
{
    struct pollfd p;
    p.fd = S->fds[S->file];
    p.events = POLLIN;
    p.revents = 0;
    return poll(&p, 1, 0) != 0; /* an error: let read() tell */
}

/* Read until @p b holds @p want bytes or the input ends. With @p early, a live stream
 * that has nothing more to give right now stops the batch at its whole lines, and
 * before waiting for more input every finished batch is written. */
static bool
read_more(struct scrub *S, struct buf *b, size_t want, bool early)
{
    if (!buf_reserve(b, want + 1)) {
        fail(S, EXIT_IOERR, "%s", "out of memory");
        return false;
    }
    while (b->len < want && !S->eof) {
        ssize_t n;
        if (early && S->file < S->nfiles && !input_ready(S)) {
            if (memchr(b->p, '\n', b->len) != NULL)
                return true;
            drain(S);
            if (S->rc != EXIT_OK)
                return false;
        }
        if ((n = source_read(S, b->p + b->len, want - b->len)) < 0)
            return false;
        if (n == 0)
            S->eof = true;
        b->len += (size_t)n;
    }
    return true;
}

/* Stream one line longer than --max-line whose first bytes (no line feed among them)
 * start the fill buffer: seal it part by part, reading as it goes. */
static void
stream_long_line(struct scrub *S, struct worker *w, uint64_t number)
{
    struct batch *f = S->fill;
    char reason[64];
    uint64_t part = 1;
    bool final = false;

    snprintf(reason, sizeof reason, "line longer than %zu bytes", S->max_line);
    f->rej.len = 0;
    f->fatal = PRIVPOL_OK;
    while (!final && S->rc == EXIT_OK) {
        size_t plen, consume;
        char *nl;
        if (f->in.len <= S->max_line && !read_more(S, &f->in, S->max_line + 1, false))
            return;
        plen = f->in.len < S->max_line ? f->in.len : S->max_line;
        if ((nl = memchr(f->in.p, '\n', plen)) != NULL) {
            plen = (size_t)(nl - f->in.p);
            final = true;
            consume = plen + 1;
        } else if (f->in.len > S->max_line) {
            final = f->in.p[S->max_line] == '\n';
            consume = plen + (final ? 1 : 0);
        } else { /* the input ended (cannot happen: the reader adds a line feed) */
            final = true;
            consume = plen;
        }
        if (!put_reject(S, &f->rej, &w->seal, f, number, part++, final, reason, 0, f->in.p,
                        plen)) {
            fail(S, f->fatal == PRIVPOL_ENOMEM ? EXIT_IOERR : cli_exit_for(f->fatal), "%s",
                 f->fatal_msg);
            return;
        }
        if (!write_all(S->rej_fd, f->rej.p, f->rej.len)) {
            fail(S, EXIT_IOERR, "cannot write %s", S->rej_name);
            return;
        }
        f->rej.len = 0;
        memmove(f->in.p, f->in.p + consume, f->in.len - consume);
        f->in.len -= consume;
        progress(S);
    }
    S->total.rejected++;
    S->lines_done++;
}

/* Hand the fill batch's lines over (or scrub them here with -j 1); the bytes from
 * @p tail on start the next fill batch. */
static void
dispatch(struct scrub *S, size_t tail)
{
    struct batch *f = S->fill;
    size_t rest = f->in.len - tail;

    if (S->jobs == 1) {
        process_batch(S, &S->workers[0], f);
        write_batch(S, f);
        memmove(f->in.p, f->in.p + tail, rest);
        f->in.len = rest;
        return;
    }
    while (S->dispatched - S->written >= S->nslots)
        write_oldest(S);
    if (S->rc != EXIT_OK)
        return;
    struct slot *slot = &S->ring[S->dispatched % S->nslots];
    S->fill = slot->b;
    slot->b = f;
    S->fill->in.len = 0;
    if (!buf_put(&S->fill->in, f->in.p + tail, rest)) {
        fail(S, EXIT_IOERR, "%s", "out of memory");
        return;
    }
    pthread_mutex_lock(&S->mu);
    slot->state = SLOT_READY;
    S->dispatched++;
    pthread_cond_signal(&S->work_cv);
    pthread_mutex_unlock(&S->mu);
}

static void
run(struct scrub *S)
{
    uint64_t next_line = 1;
    size_t want = BATCH_BYTES;

    while (S->rc == EXIT_OK) {
        struct batch *f = S->fill;
        size_t start = 0;
        char *nl;

        if (!read_more(S, &f->in, want, true))
            break;
        if (f->in.len == 0)
            break;
        f->nlines = 0;
        f->first_line = next_line;
        while (f->nlines < BATCH_LINES &&
               (nl = memchr(f->in.p + start, '\n', f->in.len - start)) != NULL) {
            if (f->nlines == f->lines_cap) {
                size_t cap = f->lines_cap == 0 ? 1024 : f->lines_cap * 2;
                struct line *l = realloc(f->lines, cap * sizeof *l);
                if (l == NULL) {
                    fail(S, EXIT_IOERR, "%s", "out of memory");
                    return;
                }
                f->lines = l;
                f->lines_cap = cap;
            }
            f->lines[f->nlines].off = start;
            f->lines[f->nlines].len = (size_t)(nl - f->in.p) - start;
            f->nlines++;
            start = (size_t)(nl - f->in.p) + 1;
        }
        next_line += f->nlines;
        if (f->nlines < BATCH_LINES && f->in.len - start > S->max_line) {
            /* a line too long to hold: write everything before it, then stream it */
            if (f->nlines > 0)
                dispatch(S, start);
            else if (start > 0) /* cannot happen: no line means start is 0 */
                return;
            drain(S);
            if (S->rc != EXIT_OK)
                break;
            stream_long_line(S, &S->workers[0], next_line++);
            want = BATCH_BYTES;
            continue;
        }
        if (f->nlines == 0) {
            /* a line not yet ended and not yet too long: read more of it */
            if (S->eof)
                break; /* cannot happen: the reader ends every line */
            want = f->in.len * 2 < S->max_line + 1 ? f->in.len * 2 : S->max_line + 1;
            if (want <= f->in.len)
                want = f->in.len + 1;
            continue;
        }
        want = BATCH_BYTES;
        dispatch(S, start);
    }
    drain(S);
}

/* ---- setup -------------------------------------------------------------------------- */

static void
stats_print(const struct scrub *S, double elapsed)
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
        fprintf(stderr, "%s\"%s\":%" PRIu64, sep, privpol_category_id(i), t->fields[i]);
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

/* Same file (by device and inode) as one of the inputs or the output? */
static bool
same_file(const struct stat *a, const struct stat *b)
{
    return S_ISREG(a->st_mode) && S_ISREG(b->st_mode) && a->st_dev == b->st_dev &&
           a->st_ino == b->st_ino;
}

static bool
is_input(const struct scrub *S, const struct stat *sb)
{
    struct stat in;
    for (size_t i = 0; i < S->nfiles; i++)
        if (fstat(S->fds[i], &in) == 0 && same_file(&in, sb))
            return true;
    return false;
}

/* Build the context: key file and policy (with its supplement). */
static int
open_context(const char *keyfile, privpol_role role, const privpol_policy *pol,
             privpol_ctx **out)
{
    privpol_keyring *kr = NULL;
    privpol_ctx_options o = PRIVPOL_CTX_OPTIONS_INIT;
    privpol_error err;
    privpol_status st;
    struct stat sb;

    if (stat(keyfile, &sb) != 0 && errno == ENOENT) {
        cli_error(CMD, "no key file %s (make one with: privpol keygen -o %s)", keyfile,
                  keyfile);
        return EXIT_NOINPUT;
    }
    if ((st = privpol_keyring_load(&kr, keyfile, NULL, &err)) != PRIVPOL_OK) {
        cli_error(CMD, "%s", err.message);
        return st == PRIVPOL_EPARSE ? EXIT_CONFIG : st == PRIVPOL_EIO ? EXIT_NOINPUT
                                                                      : cli_exit_for(st);
    }
    o.keyring = kr;
    o.role = role;
    o.policy = pol;
    st = privpol_ctx_new(out, &o, &err);
    privpol_keyring_free(kr);
    if (st != PRIVPOL_OK) {
        cli_error(CMD, "%s", err.message);
        return st == PRIVPOL_ENOTFOUND ? EXIT_USAGE : cli_exit_for(st);
    }
    return EXIT_OK;
}

/* The purpose must be one of the role's. */
static bool
check_purpose(const privpol_policy *pol, privpol_role role, const char *purpose)
{
    size_t idx;
    privpol_role r;
    if (purpose == NULL)
        return true;
    if (privpol_policy_purpose_find(&idx, pol, purpose) == PRIVPOL_OK &&
        privpol_policy_purpose_role(pol, idx, &r) == PRIVPOL_OK && r == role)
        return true;
    cli_error(CMD, "--purpose: not a purpose of the %s; its purposes:",
              privpol_role_name(role));
    for (size_t i = 0; i < privpol_policy_purpose_count(pol); i++)
        if (privpol_policy_purpose_role(pol, i, &r) == PRIVPOL_OK && r == role)
            fprintf(stderr, "  %s\n", privpol_policy_purpose_id(pol, i));
    return false;
}

static bool
parse_size(const char *text, size_t *out)
{
    char *end;
    unsigned long long v;
    if (text[0] < '0' || text[0] > '9')
        return false;
    errno = 0;
    v = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0' || v == 0 || v > MAX_MAX_LINE)
        return false;
    *out = (size_t)v;
    return true;
}

enum {
    OPT_TENANT_FIELD = 256,
    OPT_CONTRACT_PERIOD,
    OPT_CONTRACT_END,
    OPT_TIME_FIELD,
    OPT_REJECTS,
    OPT_STATS,
    OPT_MAX_LINE,
    OPT_TENANTS
};

/* Split a comma-separated list of tenant ids into list (pointers into text, which is
 * modified); false on an empty id, an id longer than 255 bytes or too many ids. */
static bool
split_tenants(char *text, const char **list, size_t cap, size_t *count)
{
    size_t n = 0;
    for (char *p = text;;) {
        char *comma = strchr(p, ',');
        if (comma != NULL)
            *comma = '\0';
        if (*p == '\0' || strlen(p) > 255 || n == cap)
            return false;
        list[n++] = p;
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    *count = n;
    return true;
}

/* Open the inputs, the output and the rejects file. */
static int
open_files(struct scrub *S, char **inputs, int ninputs, const char *out_path,
           const char *rej_path)
{
    struct stat out_sb, rej_sb;
    bool have_out = false;

    S->nfiles = ninputs > 0 ? (size_t)ninputs : 1;
    S->fds = calloc(S->nfiles, sizeof *S->fds);
    S->names = calloc(S->nfiles, sizeof *S->names);
    if (S->fds == NULL || S->names == NULL) {
        cli_error(CMD, "out of memory");
        return EXIT_IOERR;
    }
    for (size_t i = 0; i < S->nfiles; i++)
        S->fds[i] = -1;
    for (size_t i = 0; i < S->nfiles; i++) {
        const char *p = ninputs > 0 ? inputs[i] : "-";
        struct stat sb;
        if (strcmp(p, "-") == 0) {
            S->fds[i] = STDIN_FILENO;
            S->names[i] = "standard input";
            continue;
        }
        S->names[i] = p;
        if ((S->fds[i] = open(p, O_RDONLY | O_CLOEXEC)) < 0) {
            cli_error(CMD, "cannot open %s: %s", p, strerror(errno));
            return EXIT_NOINPUT;
        }
        if (fstat(S->fds[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
            cli_error(CMD, "cannot read %s: a directory", p);
            return EXIT_NOINPUT;
        }
    }

    if (out_path != NULL && strcmp(out_path, "-") != 0) {
        if (stat(out_path, &out_sb) == 0) {
            have_out = true;
            if (is_input(S, &out_sb)) {
                cli_error(CMD, "-o %s: the output cannot be an input", out_path);
                return EXIT_USAGE;
            }
        }
    } else if (fstat(STDOUT_FILENO, &out_sb) == 0) {
        have_out = true;
        if (is_input(S, &out_sb)) {
            cli_error(CMD, "the output cannot be an input");
            return EXIT_USAGE;
        }
    }
    if (rej_path != NULL) {
        if (out_path != NULL && strcmp(rej_path, out_path) == 0) {
            cli_error(CMD, "--rejects %s: the rejects file cannot be the output", rej_path);
            return EXIT_USAGE;
        }
        if (stat(rej_path, &rej_sb) == 0 &&
            (is_input(S, &rej_sb) || (have_out && same_file(&rej_sb, &out_sb)))) {
            cli_error(CMD, "--rejects %s: the rejects file cannot be an input or the output",
                      rej_path);
            return EXIT_USAGE;
        }
        for (int i = 0; i < ninputs; i++)
            if (strcmp(rej_path, inputs[i]) == 0) {
                cli_error(CMD, "--rejects %s: the rejects file cannot be an input",
                          rej_path);
                return EXIT_USAGE;
            }
    }

    S->out_fd = STDOUT_FILENO;
    S->out_name = "standard output";
    if (out_path != NULL && strcmp(out_path, "-") != 0) {
        S->out_name = out_path;
        if ((S->out_fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) <
            0) {
            cli_error(CMD, "cannot create %s: %s", out_path, strerror(errno));
            return EXIT_CANTCREAT;
        }
    }
    S->rej_fd = STDERR_FILENO;
    S->rej_name = "standard error";
    if (rej_path != NULL) {
        struct stat sb;
        S->rej_name = rej_path;
        /* 0600 at creation; an existing regular file is narrowed to 0600 before any
         * record goes in (a device such as /dev/null is left alone) */
        if ((S->rej_fd = open(rej_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) <
                0 ||
            fstat(S->rej_fd, &sb) != 0 || (S_ISREG(sb.st_mode) && fchmod(S->rej_fd, 0600) != 0)) {
            cli_error(CMD, "cannot create %s: %s", rej_path, strerror(errno));
            return EXIT_CANTCREAT;
        }
    }
    return EXIT_OK;
}

static int
start_workers(struct scrub *S)
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
        if ((st = privpol_record_new(&S->workers[i].rec, S->ctx, &err)) != PRIVPOL_OK) {
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

static void
stop_workers(struct scrub *S)
{
    pthread_mutex_lock(&S->mu);
    S->quit = true;
    pthread_cond_broadcast(&S->work_cv);
    pthread_mutex_unlock(&S->mu);
    for (long i = 0; S->workers != NULL && i < S->jobs; i++) {
        if (S->workers[i].started)
            pthread_join(S->workers[i].thread, NULL);
        privpol_record_free(S->workers[i].rec);
        free(S->workers[i].seal.p);
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

int
cmd_scrub(int argc, char **argv)
{
    static const struct option opts[] = {
        {"key", required_argument, NULL, 'k'},
        {"tenant", required_argument, NULL, 't'},
        {"tenant-field", required_argument, NULL, OPT_TENANT_FIELD},
        {"tenants", required_argument, NULL, OPT_TENANTS},
        {"role", required_argument, NULL, 'r'},
        {"purpose", required_argument, NULL, 'p'},
        {"policy", required_argument, NULL, 'P'},
        {"supplement", required_argument, NULL, 's'},
        {"contract-period", required_argument, NULL, OPT_CONTRACT_PERIOD},
        {"contract-end", required_argument, NULL, OPT_CONTRACT_END},
        {"time-field", required_argument, NULL, OPT_TIME_FIELD},
        {"rejects", required_argument, NULL, OPT_REJECTS},
        {"stats", no_argument, NULL, OPT_STATS},
        {"jobs", required_argument, NULL, 'j'},
        {"format", required_argument, NULL, 'f'},
        {"max-line", required_argument, NULL, OPT_MAX_LINE},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *keyfile = NULL, *role_text = "processor", *policy_path = NULL;
    const char *supplement_path = NULL, *out_path = NULL, *rej_path = NULL;
    privpol_retention_terms terms = PRIVPOL_RETENTION_TERMS_INIT;
    privpol_policy *pol = NULL;
    privpol_ctx *ctx = NULL;
    privpol_error err;
    privpol_role role;
    struct scrub S;
    static const char *tenants[256];
    char *end;
    int c, rc;

    memset(&S, 0, sizeof S);
    S.tag = (privpol_tag)PRIVPOL_TAG_INIT;
    S.max_line = DEFAULT_MAX_LINE;
    S.jobs = 1;
    S.out_fd = S.rej_fd = -1;
    optind = 1;
    while ((c = getopt_long(argc, argv, "k:t:r:p:P:s:j:f:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'k': keyfile = optarg; break;
        case 't': S.tag.tenant = optarg; break;
        case OPT_TENANT_FIELD: S.tag.tenant_field = optarg; break;
        case OPT_TENANTS:
            if (!split_tenants(optarg, tenants, sizeof tenants / sizeof *tenants,
                               &S.tag.tenant_count)) {
                cli_error(CMD, "--tenants: expected at most 256 comma-separated tenant ids "
                               "of 1 to 255 bytes");
                return EXIT_USAGE;
            }
            S.tag.tenants = tenants;
            break;
        case 'r': role_text = optarg; break;
        case 'p': S.tag.purpose = optarg; break;
        case 'P': policy_path = optarg; break;
        case 's': supplement_path = optarg; break;
        case OPT_CONTRACT_PERIOD:
            if (privpol_duration_parse(&terms.contract_period, optarg, strlen(optarg),
                                       &err) != PRIVPOL_OK) {
                cli_error(CMD, "--contract-period: %s (column %zu); expected an ISO 8601 "
                               "duration such as P13M or P90D",
                          err.message, err.column);
                return EXIT_USAGE;
            }
            terms.has_contract_period = true;
            break;
        case OPT_CONTRACT_END:
            if (!cli_parse_time(CMD, "--contract-end", optarg, false, &terms.contract_end))
                return EXIT_USAGE;
            terms.has_contract_end = true;
            break;
        case OPT_TIME_FIELD: S.tag.time_field = optarg; break;
        case OPT_REJECTS: rej_path = optarg; break;
        case OPT_STATS: S.stats = true; break;
        case 'j':
            errno = 0;
            S.jobs = strtol(optarg, &end, 10);
            if (errno != 0 || end == optarg || *end != '\0' || S.jobs < 1 ||
                S.jobs > MAX_JOBS) {
                cli_error(CMD, "-j: expected a number of threads from 1 to %ld", MAX_JOBS);
                return EXIT_USAGE;
            }
            break;
        case 'f':
            if (strcmp(optarg, "jsonl") == 0 || strcmp(optarg, "json") == 0)
                S.accesslog = false;
            else if (strcmp(optarg, "accesslog") == 0)
                S.accesslog = true;
            else {
                cli_error(CMD, "--format: expected jsonl or accesslog");
                return EXIT_USAGE;
            }
            break;
        case OPT_MAX_LINE:
            if (!parse_size(optarg, &S.max_line)) {
                cli_error(CMD, "--max-line: expected a number of bytes from 1 to %zu",
                          MAX_MAX_LINE);
                return EXIT_USAGE;
            }
            break;
        case 'o': out_path = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: fputs(help, stderr); return EXIT_USAGE;
        }
    }
    if (keyfile == NULL || (S.tag.tenant == NULL && S.tag.tenant_field == NULL)) {
        cli_error(CMD, "-k KEYFILE and -t TENANT (or --tenant-field NAME) are required");
        fputs(help, stderr);
        return EXIT_USAGE;
    }
    if (privpol_role_from_name(&role, role_text) != PRIVPOL_OK) {
        cli_error(CMD, "--role: expected controller or processor");
        return EXIT_USAGE;
    }
    S.tag.role = role;
    if (terms.has_contract_period || terms.has_contract_end)
        S.tag.terms = &terms;

    if ((rc = cli_load_policy(CMD, policy_path, supplement_path, &pol)) != EXIT_OK)
        return rc;
    if (!check_purpose(pol, role, S.tag.purpose)) {
        privpol_policy_free(pol);
        return EXIT_USAGE;
    }
    if (S.tag.tenant_field != NULL && S.tag.tenant_count == 0 &&
        privpol_policy_tenant(pol) == NULL) {
        cli_error(CMD, "--tenant-field needs the tenants it may name: --tenants LIST (or a "
                       "--supplement, whose tenant it may name)");
        privpol_policy_free(pol);
        return EXIT_USAGE;
    }
    if ((rc = open_context(keyfile, role, pol, &ctx)) != EXIT_OK) {
        privpol_policy_free(pol);
        return rc;
    }
    S.ctx = ctx;
    S.seal_at = (int64_t)time(NULL);
    S.last_lf = true;
    S.tty = S.stats && isatty(STDERR_FILENO);
    pthread_mutex_init(&S.mu, NULL);
    pthread_cond_init(&S.work_cv, NULL);
    pthread_cond_init(&S.done_cv, NULL);

    if ((rc = open_files(&S, argv + optind, argc - optind, out_path, rej_path)) == EXIT_OK &&
        (rc = start_workers(&S)) == EXIT_OK) {
        clock_gettime(CLOCK_MONOTONIC, &S.t0);
        S.last_progress = S.t0;
        run(&S);
        rc = S.rc;
        stop_workers(&S);
        if (rc == EXIT_OK && S.out_fd != STDOUT_FILENO && close(S.out_fd) != 0) {
            cli_error(CMD, "cannot write %s", S.out_name);
            rc = EXIT_IOERR;
        }
        S.out_fd = -1;
        if (rc == EXIT_OK && S.rej_fd != STDERR_FILENO && close(S.rej_fd) != 0) {
            cli_error(CMD, "cannot write %s", S.rej_name);
            rc = EXIT_IOERR;
        }
        S.rej_fd = -1;
        if (S.stats)
            stats_print(&S, seconds_since(&S.t0));
        else if (S.progress_shown)
            fputc('\n', stderr);
        if (rc == EXIT_OK && S.total.rejected > 0)
            rc = EXIT_DATAERR;
    } else {
        stop_workers(&S);
    }
    for (size_t i = 0; S.fds != NULL && i < S.nfiles; i++)
        if (S.fds[i] > STDIN_FILENO)
            close(S.fds[i]);
    free(S.fds);
    free(S.names);
    if (S.out_fd > STDERR_FILENO)
        close(S.out_fd);
    if (S.rej_fd > STDERR_FILENO)
        close(S.rej_fd);
    pthread_mutex_destroy(&S.mu);
    pthread_cond_destroy(&S.work_cv);
    pthread_cond_destroy(&S.done_cv);
    privpol_ctx_free(ctx);
    privpol_policy_free(pol);
    return rc;
}
