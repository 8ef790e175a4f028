/* SPDX-License-Identifier: MIT */
/* privpol unseal: the key holder opens reject records (docs/seal.md) and writes back the
 * original lines, for reprocessing. privpol seal: writes reject records of one line. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* Declared here and in privpol.c, beside the command table. */
int cmd_unseal(int argc, char **argv);
int cmd_seal(int argc, char **argv);

#define PART_SIZE_DEFAULT (1024U * 1024U)
#define PART_SIZE_MAX (16U * 1024U * 1024U)
#define JSON_DEPTH_MAX 32

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

static const char seal_help[] =
    "usage: privpol seal -k KEYFILE --line N [--part-size BYTES] [-o FILE] [FILE]\n\n"
    "Seal the content of FILE (or standard input), one trailing line feed removed, as the\n"
    "reject records of input line N, the format privpol scrub writes and privpol unseal\n"
    "reads: encrypted and authenticated under the key in force now, never stored in\n"
    "clear. Content longer than --part-size is sealed in several parts. Useful to keep a\n"
    "sensitive line that only the key holder may read again.\n\n"
    "  -k, --key FILE          key file\n"
    "  -l, --line N            the line number the records carry (1 or more)\n"
    "  -p, --part-size BYTES   largest part, 1 to 16777216 (default 1048576)\n"
    "  -o, --output FILE       write to FILE (created with mode 0600) instead of\n"
    "                          standard output\n"
    "  -h, --help              this text\n\n"
    "Exit status: 0 ok; 64 usage; 65 no key in force now; 66 no key file or input file;\n"
    "73 output file cannot be created; 74 I/O error; 77 key file permissions; 78 bad\n"
    "key file.\n";

/* Overwrite memory that held lines in clear; volatile, so that it is not optimized out
 * (the tool calls the public API only, so not sodium_memzero()). */
static void
wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;
    while (n-- > 0)
        *v++ = 0;
}

/* Open the -o file (mode 0600: it may hold lines in clear), or standard output. */
static int
open_output(const char *cmd, const char *path, FILE **out)
{
    int fd;
    *out = stdout;
    if (path == NULL || strcmp(path, "-") == 0)
        return EXIT_OK;
    if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0600)) < 0 ||
        (*out = fdopen(fd, "w")) == NULL) {
        cli_error(cmd, "cannot create %s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        *out = stdout;
        return EXIT_CANTCREAT;
    }
    return EXIT_OK;
}

static int
close_output(const char *cmd, const char *path, FILE *f, int rc)
{
    if (f != stdout) {
        if (fclose(f) != 0 && rc == EXIT_OK) {
            cli_error(cmd, "cannot write %s", path);
            rc = EXIT_IOERR;
        }
    } else if (fflush(f) != 0 && rc == EXIT_OK) {
        cli_error(cmd, "cannot write standard output");
        rc = EXIT_IOERR;
    }
    return rc;
}

/* 1 .. UINT64_MAX in decimal, without sign, leading zeros or anything else. */
static bool
parse_u64(const char *s, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    if (n == 0 || (s[0] == '0'))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned)(unsigned char)s[i] - '0';
        if (d > 9 || v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

/* ---- reading reject records ------------------------------------------------------- */

struct record {
    uint64_t line, part;
    bool final;
    const char *sealed;
    size_t sealed_len;
};

struct json {
    const char *s;
    size_t n, i;
};

static void
ws(struct json *j)
{
    while (j->i < j->n &&
           (j->s[j->i] == ' ' || j->s[j->i] == '\t' || j->s[j->i] == '\r' || j->s[j->i] == '\n'))
        j->i++;
}

static bool
lit(struct json *j, const char *text)
{
    size_t len = strlen(text);
    ws(j);
    if (j->n - j->i < len || memcmp(j->s + j->i, text, len) != 0)
        return false;
    j->i += len;
    return true;
}

/* A JSON string; *start and *len give its raw content (escapes not decoded), and
 * *plain says whether it has no escape. */
static bool
string(struct json *j, const char **start, size_t *len, bool *plain)
{
    bool esc = false;
    ws(j);
    if (j->i >= j->n || j->s[j->i] != '"')
        return false;
    *start = j->s + ++j->i;
    while (j->i < j->n && j->s[j->i] != '"') {
        unsigned char c = (unsigned char)j->s[j->i];
        if (c < 0x20)
            return false;
        if (c == '\\') {
            esc = true;
            if (++j->i >= j->n)
                return false;
            c = (unsigned char)j->s[j->i];
            if (c == 'u') {
                for (int k = 0; k < 4; k++) {
                    char h = ++j->i < j->n ? j->s[j->i] : '\0';
                    if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') ||
                          (h >= 'A' && h <= 'F')))
                        return false;
                }
            } else if (strchr("\"\\/bfnrt", c) == NULL || c == '\0') {
                return false;
            }
        }
        j->i++;
    }
    if (j->i >= j->n)
        return false;
    *len = (size_t)(j->s + j->i - *start);
    j->i++;
    if (plain != NULL)
        *plain = !esc;
    return true;
}

static bool
number(struct json *j)
{
    size_t start;
    ws(j);
    start = j->i;
    if (j->i < j->n && j->s[j->i] == '-')
        j->i++;
    if (j->i >= j->n || !(j->s[j->i] >= '0' && j->s[j->i] <= '9'))
        return false;
    if (j->s[j->i] == '0')
        j->i++;
    else
        while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
            j->i++;
    if (j->i < j->n && j->s[j->i] == '.') {
        size_t d = ++j->i;
        while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
            j->i++;
        if (j->i == d)
            return false;
    }
    if (j->i < j->n && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
        size_t d;
        j->i++;
        if (j->i < j->n && (j->s[j->i] == '+' || j->s[j->i] == '-'))
            j->i++;
        d = j->i;
        while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
            j->i++;
        if (j->i == d)
            return false;
    }
    return j->i > start;
}

/* Any JSON value (the extra keys a reader ignores). */
static bool
value(struct json *j, int depth)
{
    const char *s;
    size_t len;
    ws(j);
    if (j->i >= j->n || depth > JSON_DEPTH_MAX)
        return false;
    switch (j->s[j->i]) {
    case '"': return string(j, &s, &len, NULL);
    case 't': return lit(j, "true");
    case 'f': return lit(j, "false");
    case 'n': return lit(j, "null");
    case '{':
        j->i++;
        if (lit(j, "}"))
            return true;
        do {
            if (!string(j, &s, &len, NULL) || !lit(j, ":") || !value(j, depth + 1))
                return false;
        } while (lit(j, ","));
        return lit(j, "}");
    case '[':
        j->i++;
        if (lit(j, "]"))
            return true;
        do {
            if (!value(j, depth + 1))
                return false;
        } while (lit(j, ","));
        return lit(j, "]");
    default: return number(j);
    }
}

static bool
unsigned_member(struct json *j, const char *key, uint64_t *out)
{
    size_t start;
    if (!lit(j, key) || !lit(j, ":"))
        return false;
    ws(j);
    start = j->i;
    while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
        j->i++;
    return parse_u64(j->s + start, j->i - start, out);
}

static bool
key_is(const char *k, size_t len, const char *name)
{
    return len == strlen(name) && memcmp(k, name, len) == 0;
}

/* Parse one record; NULL or the reason it is malformed (a fixed text, never content). */
static const char *
parse_record(const char *s, size_t n, struct record *r)
{
    struct json j = {s, n, 0};
    const char *k, *v;
    size_t klen, vlen;
    bool plain, has_sealed = false;

    if (!lit(&j, "{"))
        return "not a JSON object";
    if (!unsigned_member(&j, "\"line\"", &r->line) || !lit(&j, ","))
        return "expected \"line\" first, a number from 1";
    if (!unsigned_member(&j, "\"part\"", &r->part) || !lit(&j, ","))
        return "expected \"part\" second, a number from 1";
    if (!lit(&j, "\"final\"") || !lit(&j, ":"))
        return "expected \"final\" third";
    if (lit(&j, "true"))
        r->final = true;
    else if (lit(&j, "false"))
        r->final = false;
    else
        return "\"final\" must be true or false";
    if (!lit(&j, ",") || !lit(&j, "\"reason\"") || !lit(&j, ":") ||
        !string(&j, &v, &vlen, NULL))
        return "expected \"reason\" fourth, a string";
    while (lit(&j, ",")) {
        if (!string(&j, &k, &klen, NULL) || !lit(&j, ":"))
            return "malformed JSON member";
        if (key_is(k, klen, "sealed")) {
            if (has_sealed)
                return "\"sealed\" given twice";
            if (!string(&j, &r->sealed, &r->sealed_len, &plain) || !plain)
                return "\"sealed\" must be a string without escapes";
            has_sealed = true;
        } else if (!value(&j, 0)) {
            return "malformed JSON value";
        }
    }
    if (!lit(&j, "}"))
        return "malformed JSON object";
    ws(&j);
    if (j.i != j.n)
        return "text after the JSON object";
    if (!has_sealed)
        return "no \"sealed\" member";
    return NULL;
}

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
    wipe(a->buf, a->len);
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
    wipe(a->buf, a->cap);
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
open_part(struct unsealer *u, const char *name, unsigned long recno, const struct record *r)
{
    char ad[PRIVPOL_REJECT_AD_SIZE];
    size_t ad_len = privpol_reject_ad(ad, sizeof ad, r->line, r->part, r->final), got;
    privpol_error err;
    privpol_status st;

    if (!reserve(&u->a, u->a.len + 1)) { /* the NUL privpol_unseal() adds */
        cli_error("unseal", "out of memory");
        return EXIT_IOERR;
    }
    for (;;) {
        got = u->a.cap - u->a.len;
        st = privpol_unseal(u->ctx, ad, ad_len, r->sealed, r->sealed_len, u->a.buf + u->a.len,
                            &got, &err);
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
take_record(struct unsealer *u, const char *name, unsigned long recno, const struct record *r)
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
        struct record r;
        const char *why;
        size_t len = (size_t)n, i = 0;
        recno++;
        while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' ||
                           line[i] == '\n'))
            i++;
        if (i == len)
            continue; /* blank line */
        if ((why = parse_record(line, len, &r)) != NULL) {
            cli_error("unseal", "%s:%lu: malformed reject record: %s", name, recno, why);
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
    while ((c = getopt_long(argc, argv, "k:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'k': keyfile = optarg; break;
        case 'o': output = optarg; break;
        case 'h': fputs(unseal_help, stdout); return EXIT_OK;
        default: fputs(unseal_help, stderr); return EXIT_USAGE;
        }
    }
    if (keyfile == NULL) {
        cli_error("unseal", "-k KEYFILE is required");
        fputs(unseal_help, stderr);
        return EXIT_USAGE;
    }
    /* The key holder acting on purpose: the flag that allows re-identification. */
    if ((rc = cli_open_context("unseal", keyfile, PRIVPOL_ROLE_CONTROLLER,
                               PRIVPOL_CTX_ALLOW_REVEAL, NULL, PRIVPOL_PERIOD_NONE, &ctx)) !=
        EXIT_OK)
        return rc;
    memset(&u, 0, sizeof u);
    u.ctx = ctx;
    if ((rc = open_output("unseal", output, &u.out)) != EXIT_OK) {
        privpol_ctx_free(ctx);
        return rc;
    }
    if (optind == argc)
        rc = unseal_file(&u, NULL);
    for (int i = optind; i < argc && rc == EXIT_OK; i++)
        rc = unseal_file(&u, argv[i]);
    rc = close_output("unseal", output, u.out, rc);
    if (rc == EXIT_OK && u.bad > 0)
        rc = EXIT_DATAERR;
    wipe(u.a.buf, u.a.cap);
    free(u.a.buf);
    privpol_ctx_free(ctx);
    return rc;
}

/* ---- sealing a line into reject records ------------------------------------------- */

/* All of a stream into a malloc'd buffer. */
static bool
read_all(FILE *f, unsigned char **out, size_t *out_len)
{
    unsigned char *buf = NULL, *bigger;
    size_t len = 0, cap = 0, got;
    for (;;) {
        if (len == cap) {
            size_t ncap = cap == 0 ? 65536 : cap * 2;
            if (ncap < cap || (bigger = malloc(ncap)) == NULL) {
                wipe(buf, len);
                free(buf);
                return false;
            }
            if (len > 0)
                memcpy(bigger, buf, len);
            wipe(buf, len);
            free(buf);
            buf = bigger;
            cap = ncap;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        wipe(buf, len);
        free(buf);
        return false;
    }
    *out = buf;
    *out_len = len;
    return true;
}

int
cmd_seal(int argc, char **argv)
{
    static const struct option opts[] = {{"key", required_argument, NULL, 'k'},
                                         {"line", required_argument, NULL, 'l'},
                                         {"part-size", required_argument, NULL, 'p'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *keyfile = NULL, *output = NULL, *input = NULL, *name;
    uint64_t line = 0, part_size = PART_SIZE_DEFAULT, parts;
    unsigned char *data = NULL;
    char *text = NULL;
    size_t len = 0, text_cap;
    privpol_ctx *ctx = NULL;
    privpol_error err;
    FILE *in, *out = stdout;
    int c, rc;

    optind = 1;
    while ((c = getopt_long(argc, argv, "k:l:p:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'k': keyfile = optarg; break;
        case 'l':
            if (!parse_u64(optarg, strlen(optarg), &line)) {
                cli_error("seal", "--line: expected a line number from 1");
                return EXIT_USAGE;
            }
            break;
        case 'p':
            if (!parse_u64(optarg, strlen(optarg), &part_size) || part_size > PART_SIZE_MAX) {
                cli_error("seal", "--part-size: expected 1 to %u bytes", PART_SIZE_MAX);
                return EXIT_USAGE;
            }
            break;
        case 'o': output = optarg; break;
        case 'h': fputs(seal_help, stdout); return EXIT_OK;
        default: fputs(seal_help, stderr); return EXIT_USAGE;
        }
    }
    if (keyfile == NULL || line == 0) {
        cli_error("seal", "-k KEYFILE and --line N are required");
        fputs(seal_help, stderr);
        return EXIT_USAGE;
    }
    if (argc - optind > 1) {
        cli_error("seal", "one input file at most");
        fputs(seal_help, stderr);
        return EXIT_USAGE;
    }
    input = optind < argc ? argv[optind] : NULL;
    name = input == NULL || strcmp(input, "-") == 0 ? "standard input" : input;
    if ((rc = cli_open_context("seal", keyfile, PRIVPOL_ROLE_PROCESSOR, 0, NULL,
                               PRIVPOL_PERIOD_NONE, &ctx)) != EXIT_OK)
        return rc;
    if ((rc = cli_open_input("seal", input, &in)) != EXIT_OK) {
        privpol_ctx_free(ctx);
        return rc;
    }
    if (!read_all(in, &data, &len)) {
        cli_error("seal", "cannot read %s", name);
        if (in != stdin)
            fclose(in);
        privpol_ctx_free(ctx);
        return EXIT_IOERR;
    }
    if (in != stdin)
        fclose(in);
    if (len > 0 && data[len - 1] == '\n')
        len--; /* the line feed ends the line; it is not part of it */
    parts = len == 0 ? 1 : (len - 1) / part_size + 1;
    text_cap = privpol_sealed_len(len < part_size ? len : (size_t)part_size) + 1;
    if ((text = malloc(text_cap)) == NULL) {
        rc = EXIT_IOERR;
        goto done;
    }
    /* Created only once the key file loaded and the input was read. */
    if ((rc = open_output("seal", output, &out)) != EXIT_OK)
        goto done;
    for (uint64_t i = 1; i <= parts && rc == EXIT_OK; i++) {
        size_t off = (size_t)((i - 1) * part_size), n = len - off, text_len = text_cap;
        char ad[PRIVPOL_REJECT_AD_SIZE];
        size_t ad_len;
        privpol_status st;
        if (n > part_size)
            n = (size_t)part_size;
        ad_len = privpol_reject_ad(ad, sizeof ad, line, i, i == parts);
        st = privpol_seal(ctx, 0, ad, ad_len, data + off, n, text, &text_len, &err);
        if (st != PRIVPOL_OK) {
            cli_error("seal", "%s", err.message);
            rc = cli_exit_for(st);
            break;
        }
        if (fprintf(out,
                    "{\"line\":%" PRIu64 ",\"part\":%" PRIu64 ",\"final\":%s,"
                    "\"reason\":\"sealed by privpol seal\",\"sealed\":\"%s\"}\n",
                    line, i, i == parts ? "true" : "false", text) < 0) {
            cli_error("seal", "cannot write %s", out != stdout ? output : "standard output");
            rc = EXIT_IOERR;
        }
    }
    rc = close_output("seal", output, out, rc);
done:
    wipe(data, len);
    free(data);
    free(text);
    privpol_ctx_free(ctx);
    return rc;
}
