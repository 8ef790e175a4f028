/* SPDX-License-Identifier: MIT */
/* Shared by the privpol command-line tool: exit codes and the helpers of cli.c. The tool
 * uses the public API only. */
#ifndef PRIVPOL_CLI_H
#define PRIVPOL_CLI_H

#include <privpol.h>

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

/* Exit codes (the values of BSD sysexits.h). */
enum {
    EXIT_OK = 0,
    EXIT_USAGE = 64,    /* bad command line */
    EXIT_DATAERR = 65,  /* some input value was rejected */
    EXIT_NOINPUT = 66,  /* an input file is missing or unreadable */
    EXIT_CANTCREAT = 73,/* an output file cannot be created */
    EXIT_IOERR = 74,    /* read or write error */
    EXIT_NOPERM = 77,   /* key file permissions, or an operation the role may not do */
    EXIT_CONFIG = 78    /* bad configuration: key file, options */
};

/* Print "privpol CMD: message" to stderr. */
void cli_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Exit code for a failed library call. */
int cli_exit_for(privpol_status st);

/* Parse TIME (ISO 8601 instant or date). end_of_day: a date alone means the first
 * second of the next day (for inclusive range ends). false and a message on error. */
bool cli_parse_time(const char *cmd, const char *opt, const char *text, bool end_of_day,
                    int64_t *out);

/* Load a key file (none when keyfile is NULL) and build a context. Returns EXIT_OK or
 * an exit code (message printed). */
int cli_open_context(const char *cmd, const char *keyfile, privpol_role role,
                     unsigned flags, const char *region, privpol_period period,
                     privpol_ctx **out);
/* The same with the caller's options (a policy, say); o->keyring is set from keyfile
 * for the call and cleared after it. */
int cli_open_context_opts(const char *cmd, const char *keyfile, privpol_ctx_options *o,
                          const char *region, privpol_ctx **out);

/* The values a command works on: its remaining arguments, or else the lines of
 * standard input (without their "\n" or "\r\n"). */
struct cli_input {
    char **args;          /* the remaining arguments */
    int count, next;
    bool from_args;
    char *line;           /* the current line of standard input */
    size_t cap;
    unsigned long number; /* 1-based number of the current value */
};
void cli_input_open(struct cli_input *in, int argc, char **argv);
/* The next value; false at the end (check ferror(stdin)). */
bool cli_input_next(struct cli_input *in, const char **value, size_t *len);
/* How to name the current value in a message: "value 3" or "line 3". */
const char *cli_input_noun(const struct cli_input *in);
void cli_input_close(struct cli_input *in);

/* Open FILE for reading, or use standard input when path is NULL or "-". Returns
 * EXIT_OK or EXIT_NOINPUT (message printed). */
int cli_open_input(const char *cmd, const char *path, FILE **out);

/* Parse --epoch-period; false and a message on error. */
bool cli_parse_period(const char *cmd, const char *text, privpol_period *out);
/* A count from 1 to max: decimal digits only, no sign, no leading zero. */
bool cli_parse_count(const char *text, uint64_t max, uint64_t *out);

/* Write all of a buffer then '\n' to stdout; false on a write error. */
bool cli_write_line(const char *s, size_t n);

/* Usage errors: one line on stderr, "privpol CMD: message (see 'privpol CMD --help')"
 * (CMD NULL: the tool itself); returns EXIT_USAGE. The full help goes to stdout on
 * --help only. */
int cli_usage(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* getopt_long() that prints nothing: an unknown option returns '?', a missing argument
 * ':'; hand either to cli_bad_option(). */
int cli_getopt(int argc, char **argv, const char *shortopts,
               const struct option *longopts);

/* The usage error of what cli_getopt() returned (c): names the option, returns
 * EXIT_USAGE. */
int cli_bad_option(const char *cmd, char **argv, int c);

/* The --policy file (or the embedded default) with the --supplement (or none) layered
 * on it: the one policy loader of the tool. Returns EXIT_OK, EXIT_NOINPUT or EXIT_CONFIG
 * (message printed). */
int cli_load_policy(const char *cmd, const char *policy_path, const char *supplement_path,
                    privpol_policy **out);

/* Where output goes: put(arg, p, n) writes n bytes, false on error. */
typedef bool cli_put_fn(void *arg, const char *p, size_t n);
/* cli_put_fn for a FILE * (arg). */
bool cli_put_file(void *file, const char *p, size_t n);

/* The one JSON string writer of the tool: s (NUL-terminated), quoted, with '"', '\\'
 * and the control characters escaped; the bytes are otherwise copied as they are. */
bool cli_json_string(const char *s, cli_put_fn *put, void *arg);
bool cli_json_fputs(FILE *f, const char *s);

/* Overwrite memory that held lines in clear (volatile: not optimized out). */
void cli_wipe(void *p, size_t n);

/* Open the -o file, created with mode 0600 (it may hold lines in clear), or standard
 * output for NULL or "-". EXIT_OK or EXIT_CANTCREAT (message printed). */
int cli_open_output(const char *cmd, const char *path, FILE **out);
/* Close (or flush standard output); rc, or EXIT_IOERR when rc was EXIT_OK and the
 * output could not be written (message printed). */
int cli_close_output(const char *cmd, const char *path, FILE *f, int rc);

/* The verbs, one file each (cmd-VERB.c). */
int cmd_keygen(int argc, char **argv);
int cmd_pseudonymize(int argc, char **argv);
int cmd_reveal(int argc, char **argv);
int cmd_seal(int argc, char **argv);
int cmd_unseal(int argc, char **argv);
int cmd_subject(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_redact(int argc, char **argv);
int cmd_deadline(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_retention(int argc, char **argv);
int cmd_combine(int argc, char **argv);
int cmd_decide(int argc, char **argv);
int cmd_ropa(int argc, char **argv);
int cmd_scrub(int argc, char **argv);
int cmd_categories(int argc, char **argv);

#endif /* PRIVPOL_CLI_H */
