/* SPDX-License-Identifier: MIT */
/* privpol scrub: reading the inputs, splitting them into lines and batches, and
 * streaming a line longer than --max-line into reject records (scrub.h). */
#include "scrub.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

/* Read up to @p cap bytes of the inputs; 0 at the end of the last one, -1 on error. */
static ssize_t
source_read(struct scrub *S, char *p, size_t cap)
{
    while (S->file < S->nfiles) {
        ssize_t n = read(S->fds[S->file], p, cap);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            scrub_fail(S, EXIT_IOERR, "cannot read %s", S->names[S->file]);
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
        scrub_fail(S, EXIT_IOERR, "%s", "out of memory");
        return false;
    }
    while (b->len < want && !S->eof) {
        ssize_t n;
        if (early && S->file < S->nfiles && !input_ready(S)) {
            if (memchr(b->p, '\n', b->len) != NULL)
                return true;
            scrub_drain(S);
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
stream_long_line(struct scrub *S, uint64_t number)
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
        if (!scrub_put_reject(S, &f->rej, f, number, part++, final, reason, 0,
                              f->in.p, plen)) {
            scrub_fail_batch(S, f);
            return;
        }
        if (!scrub_write_all(S->rej_fd, f->rej.p, f->rej.len)) {
            scrub_fail(S, EXIT_IOERR, "cannot write %s", S->rej_name);
            return;
        }
        f->rej.len = 0;
        memmove(f->in.p, f->in.p + consume, f->in.len - consume);
        f->in.len -= consume;
        scrub_progress(S);
    }
    S->total.rejected++;
    S->lines_done++;
}

void
scrub_run(struct scrub *S)
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
                    scrub_fail(S, EXIT_IOERR, "%s", "out of memory");
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
                scrub_dispatch(S, start);
            else if (start > 0) /* cannot happen: no line means start is 0 */
                return;
            scrub_drain(S);
            if (S->rc != EXIT_OK)
                break;
            stream_long_line(S, next_line++);
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
        scrub_dispatch(S, start);
    }
    scrub_drain(S);
}
