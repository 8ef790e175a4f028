/* SPDX-License-Identifier: MIT */
/* Helpers shared by the verbs of the privpol tool (cli.h): messages and usage errors,
 * exit codes, the one policy loader, the one key-file/context loader, the one JSON
 * string writer, inputs and outputs. The tool uses the public API only. */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    if (privpol_time_parse(text, len, out, &err) != PRIVPOL_OK) {
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
cli_parse_count(const char *text, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (text[0] < '1' || text[0] > '9')
        return false;
    for (const char *p = text; *p != '\0'; p++) {
        unsigned d = (unsigned)(unsigned char)*p - '0';
        if (d > 9 || v > (max - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

bool
cli_parse_period(const char *cmd, const char *text, privpol_period *out)
{
    if (privpol_period_from_name(text, out, NULL) != PRIVPOL_OK) {
        cli_error(cmd, "--epoch-period: expected none, day, week, month or year");
        return false;
    }
    return true;
}

int
cli_open_context_opts(const char *cmd, const char *keyfile, privpol_ctx_options *o,
                      const char *region, privpol_ctx **out)
{
    privpol_keyring *kr = NULL;
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
        (st = privpol_keyring_load(keyfile, NULL, &kr, &err)) != PRIVPOL_OK) {
        cli_error(cmd, "%s", err.message);
        return st == PRIVPOL_EPARSE ? EXIT_CONFIG : st == PRIVPOL_EIO ? EXIT_NOINPUT
                                                                      : cli_exit_for(st);
    }
    o->keyring = kr;
    if (region != NULL) {
        if (strlen(region) != 2 || !isalpha((unsigned char)region[0]) ||
            !isalpha((unsigned char)region[1])) {
            privpol_keyring_free(kr);
            o->keyring = NULL;
            cli_error(cmd, "--region: expected a two-letter ISO 3166-1 code such as FR");
            return EXIT_USAGE;
        }
        o->default_region[0] = (char)toupper((unsigned char)region[0]);
        o->default_region[1] = (char)toupper((unsigned char)region[1]);
    }
    st = privpol_ctx_new(o, out, &err);
    privpol_keyring_free(kr);
    o->keyring = NULL;
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

int
cli_open_context(const char *cmd, const char *keyfile, privpol_role role, unsigned flags,
                 const char *region, privpol_period period, privpol_ctx **out)
{
    privpol_ctx_options o = PRIVPOL_CTX_OPTIONS_INIT;
    o.role = role;
    o.flags = flags;
    o.default_period = period;
    return cli_open_context_opts(cmd, keyfile, &o, region, out);
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

/* ---- usage errors ------------------------------------------------------------------- */

static void
vusage(const char *cmd, const char *fmt, va_list ap)
{
    fprintf(stderr, "privpol%s%s: ", cmd != NULL ? " " : "", cmd != NULL ? cmd : "");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (see 'privpol%s%s --help')\n", cmd != NULL ? " " : "",
            cmd != NULL ? cmd : "");
}

int
cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vusage(cmd, fmt, ap);
    va_end(ap);
    return EXIT_USAGE;
}

int
cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
    /* A leading ':' tells a missing argument (':') from an unknown option ('?'), and
     * getopt prints nothing: cli_bad_option() says what was wrong, in one line. */
    char opts[64] = ":";
    size_t n = strlen(shortopts);
    if (n >= sizeof opts - 1)
        n = sizeof opts - 2;
    memcpy(opts + 1, shortopts, n);
    opts[n + 1] = '\0';
    opterr = 0;
    return getopt_long(argc, argv, opts, longopts, NULL);
}

int
cli_bad_option(const char *cmd, char **argv, int c)
{
    /* The option as written: a long one up to its '=', or the short letter. */
    const char *word = optind > 0 ? argv[optind - 1] : "";
    bool is_long = word != NULL && strncmp(word, "--", 2) == 0;
    int len = is_long ? (int)strcspn(word, "=") : 0;

    if (c == ':') {
        if (is_long)
            return cli_usage(cmd, "option '%.*s' needs an argument", len, word);
        return cli_usage(cmd, "option '-%c' needs an argument", optopt);
    }
    if (is_long && optopt != 0)
        return cli_usage(cmd, "option '%.*s' takes no argument", len, word);
    if (is_long)
        return cli_usage(cmd, "unknown option '%.*s'", len, word);
    if (c == '?' && optopt != 0)
        return cli_usage(cmd, "unknown option '-%c'", optopt);
    return cli_usage(cmd, "unknown option");
}

/* ---- policy ------------------------------------------------------------------------- */

int
cli_load_policy(const char *cmd, const char *policy_path, const char *supplement_path,
                privpol_policy **out)
{
    privpol_policy *base = NULL, *sup = NULL;
    privpol_error err;
    privpol_status st;

    *out = NULL;
    st = policy_path != NULL ? privpol_policy_load(policy_path, NULL, &base, &err)
                             : privpol_policy_default(NULL, &base, &err);
    if (st == PRIVPOL_OK && supplement_path != NULL) {
        st = privpol_policy_supplement_load(base, supplement_path, &sup, &err);
        privpol_policy_free(base);
        base = sup;
    }
    if (st != PRIVPOL_OK) {
        if (supplement_path == NULL)
            privpol_policy_free(base);
        cli_error(cmd, "%s", err.message);
        return st == PRIVPOL_EIO ? EXIT_NOINPUT : EXIT_CONFIG;
    }
    *out = base;
    return EXIT_OK;
}

/* ---- JSON --------------------------------------------------------------------------- */

bool
cli_json_string(const char *s, cli_put_fn *put, void *arg)
{
    const char *run = s;
    char esc[8];

    if (!put(arg, "\"", 1))
        return false;
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        size_t n;
        if (c != '"' && c != '\\' && c >= 0x20)
            continue;
        if (s > run && !put(arg, run, (size_t)(s - run)))
            return false;
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            n = 2;
        } else {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            n = 6;
        }
        if (!put(arg, esc, n))
            return false;
        run = s + 1;
    }
    return (s == run || put(arg, run, (size_t)(s - run))) && put(arg, "\"", 1);
}

bool
cli_put_file(void *file, const char *p, size_t n)
{
    return fwrite(p, 1, n, (FILE *)file) == n;
}

bool
cli_json_fputs(FILE *f, const char *s)
{
    return cli_json_string(s, cli_put_file, f);
}

/* ---- files that may hold lines in clear --------------------------------------------- */

void
cli_wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;
    while (n-- > 0)
        *v++ = 0;
}

int
cli_open_output(const char *cmd, const char *path, FILE **out)
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

int
cli_close_output(const char *cmd, const char *path, FILE *f, int rc)
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
