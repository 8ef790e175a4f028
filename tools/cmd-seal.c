/* SPDX-License-Identifier: MIT */
/* privpol seal: writes the reject records (docs/seal.md; rejects.h) of one line, the
 * format privpol scrub writes and privpol unseal reads. */
#include "cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define PART_SIZE_DEFAULT (1024U * 1024U)
#define PART_SIZE_MAX (16U * 1024U * 1024U)
/* The reason of the records `privpol seal` writes. */
#define SEAL_REASON "sealed by privpol seal"

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
                cli_wipe(buf, len);
                free(buf);
                return false;
            }
            if (len > 0)
                memcpy(bigger, buf, len);
            cli_wipe(buf, len);
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
        cli_wipe(buf, len);
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
    while ((c = cli_getopt(argc, argv, "k:l:p:o:h", opts)) != -1) {
        switch (c) {
        case 'k': keyfile = optarg; break;
        case 'l':
            if (!cli_parse_count(optarg, UINT64_MAX, &line)) {
                cli_error("seal", "--line: expected a line number from 1");
                return EXIT_USAGE;
            }
            break;
        case 'p':
            if (!cli_parse_count(optarg, PART_SIZE_MAX, &part_size) ||
                part_size > PART_SIZE_MAX) {
                cli_error("seal", "--part-size: expected 1 to %u bytes", PART_SIZE_MAX);
                return EXIT_USAGE;
            }
            break;
        case 'o': output = optarg; break;
        case 'h': fputs(seal_help, stdout); return EXIT_OK;
        default: return cli_bad_option("seal", argv, c);
        }
    }
    if (keyfile == NULL || line == 0) {
        return cli_usage("seal", "-k KEYFILE and --line N are required");
    }
    if (argc - optind > 1) {
        return cli_usage("seal", "one input file at most");
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
    /* the room one record takes: asked of the library for the longest part */
    {
        privpol_record_reject r = PRIVPOL_RECORD_REJECT_INIT;
        r.line = line;
        r.part = parts;
        r.reason = SEAL_REASON;
        text_cap = 0;
        if (privpol_record_reject_write(ctx, 0, &r, data,
                                        len < part_size ? len : (size_t)part_size, NULL,
                                        &text_cap, NULL) != PRIVPOL_EBUFSIZE)
            text_cap = 0;
    }
    if (text_cap == 0 || (text = malloc(text_cap)) == NULL) {
        rc = EXIT_IOERR;
        goto done;
    }
    /* Created only once the key file loaded and the input was read. */
    if ((rc = cli_open_output("seal", output, &out)) != EXIT_OK)
        goto done;
    for (uint64_t i = 1; i <= parts && rc == EXIT_OK; i++) {
        size_t off = (size_t)((i - 1) * part_size), n = len - off, text_len = text_cap;
        privpol_record_reject r = PRIVPOL_RECORD_REJECT_INIT;
        privpol_status st;
        if (n > part_size)
            n = (size_t)part_size;
        r.line = line;
        r.part = i;
        r.final = i == parts;
        r.reason = SEAL_REASON;
        st = privpol_record_reject_write(ctx, 0, &r, data + off, n, text, &text_len, &err);
        if (st != PRIVPOL_OK) {
            cli_error("seal", "%s", err.message);
            rc = cli_exit_for(st);
            break;
        }
        if (!cli_put_file(out, text, text_len)) {
            cli_error("seal", "cannot write %s", out != stdout ? output : "standard output");
            rc = EXIT_IOERR;
        }
    }
    rc = cli_close_output("seal", output, out, rc);
done:
    cli_wipe(data, len);
    free(data);
    free(text);
    privpol_ctx_free(ctx);
    return rc;
}
