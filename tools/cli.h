/* SPDX-License-Identifier: MIT */
/* Shared by the privpol command-line tool: exit codes and small helpers. The tool uses
 * the public API only. */
#ifndef PRIVPOL_CLI_H
#define PRIVPOL_CLI_H

#include <privpol.h>

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
int cli_open_context(const char *cmd, const char *keyfile, privpol_role role, unsigned flags,
                     const char *region, privpol_period period, privpol_ctx **out);

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

/* Write all of a buffer then '\n' to stdout; false on a write error. */
bool cli_write_line(const char *s, size_t n);

int cmd_keygen(int argc, char **argv);
int cmd_pseudonymize(int argc, char **argv);
int cmd_reveal(int argc, char **argv);
int cmd_subject(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_redact(int argc, char **argv);
int cmd_deadline(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_retention(int argc, char **argv);
int cmd_combine(int argc, char **argv);
/* The --policy file (or the embedded default) with the --supplement (or none) layered
 * on it. Returns EXIT_OK, EXIT_NOINPUT or EXIT_CONFIG (message printed). */
int cli_load_policy(const char *cmd, const char *policy_path, const char *supplement_path,
                    privpol_policy **out);
int cmd_decide(int argc, char **argv);
int cmd_ropa(int argc, char **argv);
int cmd_scrub(int argc, char **argv);

#endif /* PRIVPOL_CLI_H */
