/* SPDX-License-Identifier: MIT */
/* A two-thread collector: JSON lines in, scrubbed JSON lines out, in input order. One
 * context, built once and shared (it never changes); one record per thread, reused for
 * every line (once warm it allocates nothing). Line i goes to thread i % 2.
 *
 *   cc -std=c11 -pthread collector.c $(pkg-config --cflags --libs privpol) -o collector
 *   privpol keygen -o demo.key
 *   ./collector demo.key events.jsonl > events.scrubbed.jsonl
 *
 * Each line's tenant is read from its "tenant" field, which may only name the tenants
 * below; the contract's retention period is 13 months. A line that cannot be scrubbed
 * is reported on stderr by its number (never quoted) and left out; the program then
 * exits with 65. Same stdout as: privpol scrub -k demo.key --tenant-field tenant
 * --tenants acme-fixe-fr,acme-mobile-fr,acme-pro-fr,globex-be,initech-ch,umbrella-ma
 * --contract-period P13M events.jsonl */
#include <privpol.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 2

struct line {
    const char *text;   /* into the input buffer */
    size_t len;
    char *out;          /* scrubbed JSON, owned; NULL when rejected */
    size_t out_len;
    char error[PRIVPOL_ERROR_MESSAGE_SIZE];
};

struct job {
    const privpol_ctx *ctx;                  /* shared by both threads */
    const privpol_record_request *tag;       /* read only */
    struct line *lines;
    size_t count, first;                     /* this thread: first, first + THREADS, ... */
    privpol_status status;                   /* of a failure that stops the thread */
};

static void *
scrub_lines(void *arg)
{
    struct job *job = arg;
    privpol_record *rec;
    privpol_error err;

    if (privpol_record_new(job->ctx, &rec, &err) != PRIVPOL_OK) { /* one per thread */
        job->status = err.status;
        return NULL;
    }
    for (size_t i = job->first; i < job->count; i += THREADS) {
        struct line *l = &job->lines[i];
        const char *out;
        size_t out_len;
        if (privpol_record_scrub_json(rec, job->tag, l->text, l->len, &out, &out_len,
                                      &err) == PRIVPOL_OK) {
            l->out = malloc(out_len + 1);            /* out is the record's until reuse */
            if (l->out == NULL) {
                job->status = PRIVPOL_ENOMEM;
                break;
            }
            memcpy(l->out, out, out_len + 1);
            l->out_len = out_len;
        } else {
            snprintf(l->error, sizeof l->error, "%s", err.message); /* never quotes it */
        }
    }
    privpol_record_free(rec);
    return NULL;
}

/* The whole file, NUL-terminated; NULL on failure. */
static char *
read_file(const char *path, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    if (f == NULL)
        return NULL;
    do {
        if (cap - len < 65536) {
            char *bigger = realloc(buf, cap = cap * 2 + 65536);
            if (bigger == NULL) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = bigger;
        }
        n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
    } while (n > 0);
    fclose(f);
    buf[len] = '\0';
    *out_len = len;
    return buf;
}

int
main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s KEY_FILE EVENTS.jsonl\n", argv[0]);
        return 64;
    }
    privpol_keyring *kr;
    privpol_ctx *ctx;
    privpol_ctx_options o = PRIVPOL_CTX_OPTIONS_INIT;
    privpol_error err;
    if (privpol_keyring_load(argv[1], NULL, &kr, &err) != PRIVPOL_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    o.keyring = kr;
    if (privpol_ctx_new(&o, &ctx, &err) != PRIVPOL_OK) {
        fprintf(stderr, "%s\n", err.message);
        privpol_keyring_free(kr);
        return 1;
    }
    privpol_keyring_free(kr);

    size_t size, count = 0;
    char *text = read_file(argv[2], &size);
    struct line *lines = calloc(size / 2 + 1, sizeof *lines); /* a line has 2+ bytes */
    if (text == NULL || lines == NULL) {
        fprintf(stderr, "%s: cannot read\n", argv[2]);
        free(text);
        privpol_ctx_free(ctx);
        return 66;
    }
    for (char *p = text, *end; p < text + size; p = end + 1) {
        end = memchr(p, '\n', (size_t)(text + size - p));
        if (end == NULL)
            end = text + size;
        if (end > p)                                  /* skip empty lines */
            lines[count++] = (struct line){.text = p, .len = (size_t)(end - p)};
    }

    /* How every line is processed: the tenant from a field, among known tenants only. */
    static const char *const tenants[] = {"acme-fixe-fr", "acme-mobile-fr", "acme-pro-fr",
                                          "globex-be",    "initech-ch",     "umbrella-ma"};
    privpol_retention_terms terms = PRIVPOL_RETENTION_TERMS_INIT;
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT; /* processor role */
    tag.tenant_field = "tenant";                      /* or tag.tenant = "acme" */
    tag.tenants = tenants;                            /* the only tenants it may name */
    tag.tenant_count = sizeof tenants / sizeof tenants[0];
    terms.has_contract_period = true;                 /* P13M: the retain-until time */
    terms.contract_period.months = 13;
    tag.terms = &terms;

    pthread_t threads[THREADS];
    struct job jobs[THREADS];
    int ok = 1;
    for (size_t t = 0; t < THREADS; t++) {
        jobs[t] = (struct job){ctx, &tag, lines, count, t, PRIVPOL_OK};
        if (pthread_create(&threads[t], NULL, scrub_lines, &jobs[t]) != 0) {
            fprintf(stderr, "cannot start a thread\n");
            return 71;
        }
    }
    for (size_t t = 0; t < THREADS; t++) {
        pthread_join(threads[t], NULL);
        if (jobs[t].status != PRIVPOL_OK) {
            fprintf(stderr, "thread %zu: %s\n", t, privpol_strerror(jobs[t].status));
            ok = 0;
        }
    }

    size_t rejected = 0;
    for (size_t i = 0; i < count; i++) {
        if (lines[i].out != NULL) {
            fwrite(lines[i].out, 1, lines[i].out_len, stdout);
            putchar('\n');
        } else if (ok) {
            fprintf(stderr, "line %zu: rejected: %s\n", i + 1, lines[i].error);
            rejected++;
        }
        free(lines[i].out);
    }
    fprintf(stderr, "%zu lines, %zu scrubbed, %zu rejected\n", count, count - rejected,
            rejected);
    free(lines);
    free(text);
    privpol_ctx_free(ctx);                            /* after the records */
    return !ok ? 1 : rejected > 0 ? 65 : 0;
}
