/* SPDX-License-Identifier: MIT */
/* privpol unseal: the key holder opens reject records (docs/seal.md; rejects.h) and
 * writes back the original lines, for reprocessing. */
#include "cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char unseal_help[] =
    "usage: privpol unseal -k KEYFILE [-o FILE] [REJECTS...]\n\n"
    "Open the reject records of privpol scrub (or privpol seal), from the files given or\n"
    "else standard input, and write each original line followed by a line feed, in the\n"
    "order of the records, so that they can be scrubbed again:\n"
    "  privpol unseal -k KEY rejects.jsonl | privpol scrub -k KEY ...\n"
    "Each record is {\"line\":N,\"part\":I,\"final\":B,\"reason\":\"...\",\"sealed\":\"ps1...\"};\n"
    "the parts of a line must follow one another, 1 to n, the last one final. A record\n"
    "that is malformed, tampered with, sealed with a key the key file lacks, out of order,\n"
    "or a line missing a part is refused: its whole line is left out, an error names the\n"
    "file and the record's line number (never its content), and the exit status is 65.\n"
    "Only the key holder may unseal; the output holds the lines in clear.\n\n"
    "  -k, --key FILE      key file that sealed the records\n"
    "  -o, --output FILE   write to FILE (created with mode 0600) instead of standard\n"
    "                      output\n"
    "  -h, --help          this text\n\n"
    "Exit status: 0 ok; 64 usage; 65 a record was refused; 66 no key file or rejects\n"
    "file; 73 output file cannot be created; 74 I/O error; 77 key file permissions;\n"
    "78 bad key file.\n";

/* The line being put together from its parts. */
struct assembly {
    bool active;
    uint64_t line, next_part;
    unsigned char *buf;
    size_t len, cap;
    bool skipping; /* the rest of a refused line: its later parts are left out quietly */
    uint64_t skip_line;
};

static void
drop(struct assembly *a)
{
    cli_wipe(a->buf, a->len);
    a->len = 0;
    a->active = false;
}

/* Grow the buffer to at least `need` bytes; the old one is wiped before it is freed. */
static bool
reserve(struct assembly *a, size_t need)
{
    unsigned char *bigger;
    size_t cap = a->cap < 256 ? 256 : a->cap;
    if (need <= a->cap)
        return true;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    if ((bigger = malloc(cap)) == NULL)
        return false;
    if (a->len > 0)
        memcpy(bigger, a->buf, a->len);
    cli_wipe(a->buf, a->cap);
    free(a->buf);
    a->buf = bigger;
    a->cap = cap;
    return true;
}

struct unsealer {
    const privpol_ctx *ctx;
    FILE *out;
    struct assembly a;
    unsigned long bad;
};

/* Open one part and append it. EXIT_OK, EXIT_DATAERR (refused, message printed) or a
 * fatal exit code. */
static int
open_part(struct unsealer *u, const char *name, unsigned long recno,
          const privpol_record_reject *r)
{
    size_t got;
    privpol_error err;
    privpol_status st;

    if (!reserve(&u->a, u->a.len + 1)) { /* the NUL privpol_unseal() adds */
        cli_error("unseal", "out of memory");
        return EXIT_IOERR;
    }
    for (;;) {
        got = u->a.cap - u->a.len;
        st = privpol_record_reject_open(u->ctx, r, u->a.buf + u->a.len, &got, &err);
        if (st != PRIVPOL_EBUFSIZE)
            break;
        if (got > SIZE_MAX - u->a.len || !reserve(&u->a, u->a.len + got)) {
            st = PRIVPOL_ENOMEM;
            break;
        }
    }
    if (st == PRIVPOL_OK) {
        u->a.len += got;
        return EXIT_OK;
    }
    if (st == PRIVPOL_EAUTH || st == PRIVPOL_ENOKEY || st == PRIVPOL_EPARSE) {
        cli_error("unseal", "%s:%lu: line %" PRIu64 " part %" PRIu64 " refused: %s", name,
                  recno, r->line, r->part, err.message);
        return EXIT_DATAERR;
    }
    cli_error("unseal", "%s:%lu: %s", name, recno,
              st == PRIVPOL_ENOMEM ? "out of memory" : err.message);
    return st == PRIVPOL_ENOMEM ? EXIT_IOERR : cli_exit_for(st);
}

/* One record. EXIT_OK (also when refused: u->bad counts) or a fatal exit code. */
static int
take_record(struct unsealer *u, const char *name, unsigned long recno,
            const privpol_record_reject *r)
{
    struct assembly *a = &u->a;
    int rc;

    if (a->skipping && r->line == a->skip_line && r->part > 1) {
        if (r->final)
            a->skipping = false;
        return EXIT_OK;
    }
    a->skipping = false;
    if (a->active && (r->line != a->line || r->part != a->next_part)) {
        if (r->line != a->line)
            cli_error("unseal", "%s:%lu: a record of line %" PRIu64 " while line %" PRIu64
                                " lacks part %" PRIu64 " and later: line %" PRIu64
                                " left out",
                      name, recno, r->line, a->line, a->next_part, a->line);
        else
            cli_error("unseal", "%s:%lu: line %" PRIu64 " part %" PRIu64
                                " where part %" PRIu64 " was due: line %" PRIu64 " left out",
                      name, recno, r->line, r->part, a->next_part, a->line);
        u->bad++;
        drop(a);
        if (r->line == a->line && r->part > 1) {
            a->skipping = !r->final;
            a->skip_line = r->line;
            return EXIT_OK;
        }
    }
    if (!a->active && r->part != 1) {
        cli_error("unseal", "%s:%lu: line %" PRIu64 " part %" PRIu64
                            " without the parts before it: left out",
                  name, recno, r->line, r->part);
        u->bad++;
        a->skipping = !r->final;
        a->skip_line = r->line;
        return EXIT_OK;
    }
    if (!a->active) {
        a->active = true;
        a->line = r->line;
        a->len = 0;
    }
    if ((rc = open_part(u, name, recno, r)) != EXIT_OK) {
        drop(a);
        if (rc != EXIT_DATAERR)
            return rc;
        u->bad++;
        a->skipping = !r->final;
        a->skip_line = r->line;
        return EXIT_OK;
    }
    a->next_part = r->part + 1;
    if (r->final) {
        if (fwrite(a->buf, 1, a->len, u->out) != a->len || putc('\n', u->out) == EOF) {
            cli_error("unseal", "cannot write the output");
            drop(a);
            return EXIT_IOERR;
        }
        drop(a);
    } else if (r->part == UINT64_MAX) {
        cli_error("unseal", "%s:%lu: line %" PRIu64 " has too many parts: left out", name,
                  recno, r->line);
        u->bad++;
        drop(a);
    }
    return EXIT_OK;
}

/* Every record of one rejects file. */
static int
unseal_file(struct unsealer *u, const char *path)
{
    const char *name = path == NULL || strcmp(path, "-") == 0 ? "standard input" : path;
    char *line = NULL;
    size_t cap = 0;
    unsigned long recno = 0;
    ssize_t n;
    FILE *f;
    int rc;

    if ((rc = cli_open_input("unseal", path, &f)) != EXIT_OK)
        return rc;
    u->a.skipping = false;
    while ((n = getline(&line, &cap, f)) >= 0) {
        privpol_record_reject r = PRIVPOL_RECORD_REJECT_INIT;
        privpol_error perr;
        size_t len = (size_t)n, i = 0;
        recno++;
        while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' ||
                           line[i] == '\n'))
            i++;
        if (i == len)
            continue; /* blank line */
        if (privpol_record_reject_parse(line, len, &r, &perr) != PRIVPOL_OK) {
            cli_error("unseal", "%s:%lu: malformed reject record: %s", name, recno,
                      perr.message);
            u->bad++;
            if (u->a.active) {
                cli_error("unseal", "%s:%lu: line %" PRIu64 " left out", name, recno,
                          u->a.line);
                drop(&u->a);
            }
            continue;
        }
        if ((rc = take_record(u, name, recno, &r)) != EXIT_OK)
            break;
    }
    if (rc == EXIT_OK && ferror(f)) {
        cli_error("unseal", "cannot read %s", name);
        rc = EXIT_IOERR;
    }
    if (rc == EXIT_OK && u->a.active) {
        cli_error("unseal", "%s: the file ends before the final part of line %" PRIu64
                            ": left out",
                  name, u->a.line);
        u->bad++;
    }
    drop(&u->a);
    free(line);
    if (f != stdin)
        fclose(f);
    return rc;
}

int
cmd_unseal(int argc, char **argv)
{
    static const struct option opts[] = {{"key", required_argument, NULL, 'k'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *keyfile = NULL, *output = NULL;
    struct unsealer u;
    privpol_ctx *ctx = NULL;
    int c, rc;

    optind = 1;
    while ((c = cli_getopt(argc, argv, "k:o:h", opts)) != -1) {
        switch (c) {
        case 'k': keyfile = optarg; break;
        case 'o': output = optarg; break;
        case 'h': fputs(unseal_help, stdout); return EXIT_OK;
        default: return cli_bad_option("unseal", argv, c);
        }
    }
    if (keyfile == NULL) {
        return cli_usage("unseal", "-k KEYFILE is required");
    }
    /* The key holder acting on purpose: the flag that allows re-identification. */
    if ((rc = cli_open_context("unseal", keyfile, PRIVPOL_ROLE_CONTROLLER,
                               PRIVPOL_CTX_ALLOW_REVEAL, NULL, PRIVPOL_PERIOD_NONE, &ctx)) !=
        EXIT_OK)
        return rc;
    memset(&u, 0, sizeof u);
    u.ctx = ctx;
    if ((rc = cli_open_output("unseal", output, &u.out)) != EXIT_OK) {
        privpol_ctx_free(ctx);
        return rc;
    }
    if (optind == argc)
        rc = unseal_file(&u, NULL);
    for (int i = optind; i < argc && rc == EXIT_OK; i++)
        rc = unseal_file(&u, argv[i]);
    rc = cli_close_output("unseal", output, u.out, rc);
    if (rc == EXIT_OK && u.bad > 0)
        rc = EXIT_DATAERR;
    cli_wipe(u.a.buf, u.a.cap);
    free(u.a.buf);
    privpol_ctx_free(ctx);
    return rc;
}

