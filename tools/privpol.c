/* SPDX-License-Identifier: MIT */
/* privpol: the command-line face of libprivpol. One file per verb (cmd-*.c). */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int cmd_seal(int argc, char **argv);   /* tools/cmd-unseal.c */
int cmd_unseal(int argc, char **argv); /* tools/cmd-unseal.c */

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} commands[] = {
    {"keygen", cmd_keygen, "create a key file, or rotate: append a new key"},
    {"pseudonymize", cmd_pseudonymize, "turn identifiers into keyed pseudonyms"},
    {"reveal", cmd_reveal, "recover the value of reversible tokens (key holder only)"},
    {"seal", cmd_seal, "seal a sensitive line as reject records (docs/seal.md)"},
    {"unseal", cmd_unseal, "open reject records: the original lines (key holder only)"},
    {"subject", cmd_subject, "list every pseudonym a person's identifier had (GDPR §11)"},
    {"classify", cmd_classify, "the data category of each value"},
    {"scan", cmd_scan, "find personal data in free text (JSON lines of spans)"},
    {"redact", cmd_redact, "replace personal data in free text by labels or pseudonyms"},
    {"deadline", cmd_deadline, "when the answer to a data subject's request is due (§11)"},
    {"policy", cmd_policy, "check policy and supplement files, show the effective policy"},
    {"retention", cmd_retention, "until when a datum may be kept (§10), citing the rule"},
    {"combine", cmd_combine, "how identifiable a combination of data is (§7.6, §7.8)"},
    {"decide", cmd_decide, "allow or deny a processing request, citing the clause"},
    {"ropa", cmd_ropa, "the record of processing activities (GDPR Art. 30), md or html"},
    {"scrub", cmd_scrub, "scrub JSON-lines events or access logs under the policy"},
};

static void
usage(FILE *f)
{
    fprintf(f, "usage: privpol COMMAND [OPTIONS] [ARGS]\n"
               "       privpol COMMAND --help\n"
               "       privpol --version\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-14s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nexit codes: 0 ok, 64 usage, 65 bad data, 66 no input, 73 cannot create,\n"
               "74 I/O error, 77 key file permissions or not allowed, 78 bad configuration\n");
}

/* A command that succeeded but whose output could not be written did not succeed. */
static int
finish(int rc)
{
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc == EXIT_OK) {
        fprintf(stderr, "privpol: cannot write standard output\n");
        return EXIT_IOERR;
    }
    return rc;
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return finish(EXIT_OK);
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("privpol %s\n", privpol_version_string());
        return finish(EXIT_OK);
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return finish(commands[i].fn(argc - 1, argv + 1));
    fprintf(stderr, "privpol: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}

void
cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "privpol %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int
cli_exit_for(privpol_status st)
{
    switch (st) {
    case PRIVPOL_OK: return EXIT_OK;
    case PRIVPOL_EVALUE:
    case PRIVPOL_EAUTH:
    case PRIVPOL_ENOKEY: return EXIT_DATAERR;
    case PRIVPOL_EIO: return EXIT_IOERR;
    case PRIVPOL_EPERM:
    case PRIVPOL_EDENIED: return EXIT_NOPERM;
    case PRIVPOL_EEXIST: return EXIT_CANTCREAT;
    case PRIVPOL_EINVAL: return EXIT_USAGE;
    default: return EXIT_CONFIG;
    }
}

bool
cli_parse_time(const char *cmd, const char *opt, const char *text, bool end_of_day,
               int64_t *out)
{
    privpol_error err;
    size_t len = strlen(text);
    if (privpol_time_parse(out, text, len, &err) != PRIVPOL_OK) {
        cli_error(cmd, "%s: %s (column %zu); expected e.g. 2026-03-01T00:00:00Z or "
                       "2026-03-01",
                  opt, err.message, err.column);
        return false;
    }
    if (end_of_day && len == 10)
        *out += 86400;
    return true;
}

bool
cli_parse_period(const char *cmd, const char *text, privpol_period *out)
{
    if (privpol_period_from_name(out, text) != PRIVPOL_OK) {
        cli_error(cmd, "--epoch-period: expected none, day, week, month or year");
        return false;
    }
    return true;
}

int
cli_open_context(const char *cmd, const char *keyfile, privpol_role role, unsigned flags,
                 const char *region, privpol_period period, privpol_ctx **out)
{
    privpol_keyring *kr = NULL;
    privpol_ctx_options o = PRIVPOL_CTX_OPTIONS_INIT;
    privpol_error err;
    privpol_status st;
    struct stat sb;

    *out = NULL;
    if (keyfile != NULL && stat(keyfile, &sb) != 0 && errno == ENOENT) {
        cli_error(cmd, "no key file %s (make one with: privpol keygen -o %s)", keyfile,
                  keyfile);
        return EXIT_NOINPUT;
    }
    if (keyfile != NULL &&
        (st = privpol_keyring_load(&kr, keyfile, NULL, &err)) != PRIVPOL_OK) {
        cli_error(cmd, "%s", err.message);
        return st == PRIVPOL_EPARSE ? EXIT_CONFIG : st == PRIVPOL_EIO ? EXIT_NOINPUT
                                                                      : cli_exit_for(st);
    }
    o.keyring = kr;
    o.role = role;
    o.flags = flags;
    o.default_period = period;
    if (region != NULL) {
        if (strlen(region) != 2 || !isalpha((unsigned char)region[0]) ||
            !isalpha((unsigned char)region[1])) {
            privpol_keyring_free(kr);
            cli_error(cmd, "--region: expected a two-letter ISO 3166-1 code such as FR");
            return EXIT_USAGE;
        }
        o.default_region[0] = (char)toupper((unsigned char)region[0]);
        o.default_region[1] = (char)toupper((unsigned char)region[1]);
    }
    st = privpol_ctx_new(out, &o, &err);
    privpol_keyring_free(kr);
    if (st == PRIVPOL_ENOTFOUND && region != NULL) {
        cli_error(cmd, "--region: %s is not a region with a known country calling code",
                  region);
        return EXIT_USAGE;
    }
    if (st != PRIVPOL_OK) {
        cli_error(cmd, "%s", err.message);
        return st == PRIVPOL_ENOTFOUND ? EXIT_USAGE : cli_exit_for(st);
    }
    return EXIT_OK;
}

void
cli_input_open(struct cli_input *in, int argc, char **argv)
{
    in->args = argv;
    in->count = argc;
    in->next = 0;
    in->from_args = argc > 0;
    in->line = NULL;
    in->cap = 0;
    in->number = 0;
}

bool
cli_input_next(struct cli_input *in, const char **value, size_t *len)
{
    ssize_t n;
    if (in->from_args) {
        if (in->next >= in->count)
            return false;
        *value = in->args[in->next++];
        *len = strlen(*value);
    } else {
        if ((n = getline(&in->line, &in->cap, stdin)) < 0)
            return false;
        if (n > 0 && in->line[n - 1] == '\n')
            n--;
        if (n > 0 && in->line[n - 1] == '\r')
            n--;
        in->line[n] = '\0';
        *value = in->line;
        *len = (size_t)n;
    }
    in->number++;
    return true;
}

const char *
cli_input_noun(const struct cli_input *in)
{
    return in->from_args ? "value" : "line";
}

void
cli_input_close(struct cli_input *in)
{
    free(in->line);
    in->line = NULL;
}

bool
cli_write_line(const char *s, size_t n)
{
    return fwrite(s, 1, n, stdout) == n && putchar('\n') != EOF;
}

int
cli_open_input(const char *cmd, const char *path, FILE **out)
{
    *out = stdin;
    if (path == NULL || strcmp(path, "-") == 0)
        return EXIT_OK;
    if ((*out = fopen(path, "r")) == NULL) {
        cli_error(cmd, "cannot open %s: %s", path, strerror(errno));
        *out = stdin;
        return EXIT_NOINPUT;
    }
    return EXIT_OK;
}
